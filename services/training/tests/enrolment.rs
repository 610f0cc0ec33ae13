//! Enrolment checks the organisation in the registry, over real HTTP.

mod common;

use common::*;
use futures_util::future::join_all;
use modal_testkit::{assert_problem, json, token};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn an_organisation_of_the_same_tenant_is_accepted_and_its_kind_kept() {
    let sys = system().await;
    let org = create_org(&sys.registry, "diadem", "Jappo Thiès", "local_association", "SN");
    let t = create_training(
        &sys.training,
        "diadem",
        &training_body("Gouvernance", "Thiès", "SN", "2021-08-02", "2021-08-06"),
    )
    .await;
    let res = enrol(
        &sys.training,
        "diadem",
        t["id"].as_str().unwrap(),
        &person("Awa Ndiaye", "female", "on_site", Some(&org)),
    )
    .await;
    assert_eq!(res.status(), 201);
    let p = json(res).await;
    assert_eq!(p["organisation"]["kind"], "local_association");
    assert_eq!(p["organisation"]["country"], "SN");
    let alone =
        enrol(&sys.training, "diadem", t["id"].as_str().unwrap(), &person("Sans Org", "male", "online", None)).await;
    assert_eq!(json(alone).await["organisation"], serde_json::Value::Null);
}

#[tokio::test]
async fn an_unknown_or_other_tenants_organisation_is_422_and_nothing_is_written() {
    let sys = system().await;
    let theirs = create_org(&sys.registry, "fecong", "Org FECONG", "local_association", "ML");
    let t = create_training(
        &sys.training,
        "diadem",
        &training_body("Gouvernance", "Thiès", "SN", "2021-08-02", "2021-08-06"),
    )
    .await;
    let tid = t["id"].as_str().unwrap();
    for org in [theirs.as_str(), "00000000-0000-0000-0000-000000000000", "../../etc"] {
        let res = enrol(&sys.training, "diadem", tid, &person("X", "female", "on_site", Some(org))).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], "unknown_organisation");
    }
    let list = json(
        sys.training
            .get(&format!("{}/{tid}/participants", trainings("diadem")), &coordinator("diadem"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn with_the_registry_down_enrolment_is_503_quickly_and_writes_nothing() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let training = modal_testkit::spawn_with_peers(modal_training::service(), &[("registry", &dead)]).await;
    let t =
        create_training(&training, "diadem", &training_body("Gouvernance", "Thiès", "SN", "2021-08-02", "2021-08-06"))
            .await;
    let tid = t["id"].as_str().unwrap();
    let started = Instant::now();
    let res = enrol(
        &training,
        "diadem",
        tid,
        &person("X", "female", "on_site", Some("0190a0a0-0000-7000-8000-000000000000")),
    )
    .await;
    assert_problem(res, 503, "upstream_unavailable").await;
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    let list = json(
        training
            .get(&format!("{}/{tid}/participants", trainings("diadem")), &coordinator("diadem"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn the_trace_id_of_the_enrolment_reaches_the_registry() {
    let sys = system().await;
    let org = create_org(&sys.registry, "diadem", "Jappo", "local_association", "SN");
    let t = create_training(
        &sys.training,
        "diadem",
        &training_body("Gouvernance", "Thiès", "SN", "2021-08-02", "2021-08-06"),
    )
    .await;
    let res = sys
        .training
        .post(
            &format!("{}/{}/participants", trainings("diadem"), t["id"].as_str().unwrap()),
            &coordinator("diadem"),
            &person("Awa", "female", "on_site", Some(&org)),
        )
        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let received = sys.registry.traceparents();
    assert_eq!(received.len(), 1, "{received:?}");
    assert!(received[0].starts_with("00-0af7651916cd43dd8448eb211c80319c-"), "{received:?}");
    assert!(!received[0].contains("b7ad6b7169203331"), "a span of training's own is the parent: {received:?}");
}

#[tokio::test]
async fn on_site_seats_are_limited_and_modes_must_fit_the_format() {
    let sys = system().await;
    let mut body = training_body("Petite salle", "Thiès", "SN", "2021-08-02", "2021-08-03");
    body["capacity_on_site"] = json!(1);
    let t = create_training(&sys.training, "diadem", &body).await;
    let tid = t["id"].as_str().unwrap();
    assert_eq!(enrol(&sys.training, "diadem", tid, &person("A", "female", "on_site", None)).await.status(), 201);
    assert_problem(enrol(&sys.training, "diadem", tid, &person("B", "male", "on_site", None)).await, 409, "conflict")
        .await;
    assert_eq!(enrol(&sys.training, "diadem", tid, &person("B", "male", "online", None)).await.status(), 201);

    let mut on_site_only = training_body("Sur site", "Thiès", "SN", "2021-08-02", "2021-08-03");
    on_site_only["format"] = json!("on_site");
    let t2 = create_training(&sys.training, "diadem", &on_site_only).await;
    let res = enrol(&sys.training, "diadem", t2["id"].as_str().unwrap(), &person("C", "female", "online", None)).await;
    assert_problem(res, 422, "validation_failed").await;

    let programme = token(&[], &["programme_admin"]);
    let res = sys
        .training
        .post(&format!("{}/{tid}/participants", trainings("diadem")), &programme, &person("D", "male", "online", None))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn thirty_concurrent_on_site_enrolments_fill_ten_seats_and_no_more() {
    // Connections enough for every request to count seats at the same time.
    let registry = modal_testkit::RegistryDouble::start().await;
    let training = modal_testkit::spawn_with(modal_training::service(), |s| {
        s.peers.insert("registry".into(), registry.base.clone());
        s.max_connections = 128;
        s.workers = 4;
    })
    .await;
    let sys = System { registry, training };
    // Three rounds: a race that a missing lock loses only sometimes is caught.
    for round in 0..3 {
        let mut body = training_body(&format!("Salle de dix {round}"), "Thiès", "SN", "2021-08-02", "2021-08-03");
        body["capacity_on_site"] = json!(10);
        let t = create_training(&sys.training, "diadem", &body).await;
        let tid = t["id"].as_str().unwrap();
        let people: Vec<_> = (0..30).map(|i| person(&format!("P{i}"), "female", "on_site", None)).collect();
        let attempts = people.iter().map(|p| enrol(&sys.training, "diadem", tid, p));
        let statuses: Vec<u16> = join_all(attempts).await.iter().map(|r| r.status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "round {round}: {statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 20, "round {round}: {statuses:?}");
        let list = json(
            sys.training
                .get(&format!("{}/{tid}/participants?limit=200", trainings("diadem")), &coordinator("diadem"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 10);
    }
}
