//! Registering, finding, updating and removing organisations, over HTTP.

mod common;

use common::*;
use modal_testkit::{assert_problem, json};
use serde_json::json;

#[tokio::test]
async fn a_coordinator_registers_an_organisation_and_reads_it_back_with_its_etag() {
    let app = registry().await;
    let created = create(&app, "diadem", &local_association("Jappo Thiès", "SN")).await;
    assert_eq!(created["tenant"], "diadem");
    assert_eq!(created["status"], "identified");
    assert_eq!(created["contacts"]["phone"], "+221 77 123 45 67");
    assert_eq!(created["registrations"][0]["scheme"], "receipt");

    let res = app
        .get(&format!("{}/{}", orgs("diadem"), created["id"].as_str().unwrap()), &coordinator("diadem"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"1\"");
    let read = json(res).await;
    assert_eq!(read["name"], "Jappo Thiès");
    assert_eq!(read["women_led"], true);
}

#[tokio::test]
async fn search_ignores_accents_and_case_and_filters_combine() {
    let app = registry().await;
    create(&app, "diadem", &json!({"kind": "federation_or_collective", "name": "Fédération des Collectifs", "acronym": "FDC", "country": "SN", "themes": ["social_economy"]})).await;
    create(&app, "diadem", &local_association("Association Kaolack", "SN")).await;
    create(&app, "diadem", &diaspora("Diaspora Lyon", "FR")).await;
    let t = coordinator("diadem");
    let names = |v: serde_json::Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_string()).collect()
    };
    let found = json(app.get(&format!("{}?q=FEDERATION", orgs("diadem")), &t).send().await.unwrap()).await;
    assert_eq!(names(found), vec!["Fédération des Collectifs"]);
    let by_acronym = json(app.get(&format!("{}?q=fdc", orgs("diadem")), &t).send().await.unwrap()).await;
    assert_eq!(names(by_acronym), vec!["Fédération des Collectifs"]);
    let by_theme =
        json(app.get(&format!("{}?theme=local_development", orgs("diadem")), &t).send().await.unwrap()).await;
    assert_eq!(names(by_theme), vec!["Association Kaolack"]);
    // Mali is a country of intervention of the diaspora organisation only.
    let in_mali = json(app.get(&format!("{}?country=ML", orgs("diadem")), &t).send().await.unwrap()).await;
    assert_eq!(names(in_mali), vec!["Diaspora Lyon"]);
    let kind =
        json(app.get(&format!("{}?kind=diaspora_organisation&country=FR", orgs("diadem")), &t).send().await.unwrap())
            .await;
    assert_eq!(names(kind), vec!["Diaspora Lyon"]);
}

#[tokio::test]
async fn pages_follow_next_links_without_gaps_or_repeats() {
    let app = registry().await;
    for i in 0..7 {
        create(&app, "fecong", &local_association(&format!("Association {i}"), "ML")).await;
    }
    let t = coordinator("fecong");
    let (mut seen, mut next) = (Vec::new(), Some(format!("{}?limit=3", orgs("fecong"))));
    while let Some(link) = next {
        let page = json(app.get(&link, &t).send().await.unwrap()).await;
        assert!(page["items"].as_array().unwrap().len() <= 3);
        seen.extend(page["items"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_string()));
        next = page["next"].as_str().map(str::to_string);
    }
    assert_eq!(seen.len(), 7);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique, seen);
    let too_big = app.get(&format!("{}?limit=500", orgs("fecong")), &t).send().await.unwrap();
    assert_problem(too_big, 422, "validation_failed").await;
}

#[tokio::test]
async fn the_same_name_in_the_same_country_is_a_409_with_a_link_unless_confirmed() {
    let app = registry().await;
    let first = create(&app, "paips", &local_association("Union des Femmes de Bassam", "CI")).await;
    let again = app
        .post(&orgs("paips"), &coordinator("paips"), &local_association("UNION des femmes de BASSAM!", "CI"))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(again, 409, "duplicate_organisation").await;
    assert_eq!(problem["existing"], format!("/v1/tenants/paips/organisations/{}", first["id"].as_str().unwrap()));
    let confirmed = app
        .post(
            &format!("{}?confirm_distinct=true", orgs("paips")),
            &coordinator("paips"),
            &local_association("Union des femmes de Bassam", "CI"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 201);
    let groups =
        json(app.get(&format!("{}/duplicates", orgs("paips")), &coordinator("paips")).send().await.unwrap()).await;
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["organisations"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn updates_need_the_current_etag_so_no_write_is_lost() {
    let app = registry().await;
    let org = create(&app, "diadem", &local_association("Jappo", "SN")).await;
    let path = format!("{}/{}", orgs("diadem"), org["id"].as_str().unwrap());
    let t = coordinator("diadem");
    let mut body = local_association("Jappo Ndar", "SN");

    let no_etag = app.put(&path, &t, &body).send().await.unwrap();
    assert_problem(no_etag, 428, "precondition_required").await;

    let ok = app.put(&path, &t, &body).header("if-match", "\"1\"").send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["etag"], "\"2\"");

    body["name"] = json!("Jappo Saint-Louis");
    let stale = app.put(&path, &t, &body).header("if-match", "\"1\"").send().await.unwrap();
    assert_problem(stale, 412, "precondition_failed").await;
    let read = json(app.get(&path, &t).send().await.unwrap()).await;
    assert_eq!(read["name"], "Jappo Ndar", "the stale write changed nothing");
}

#[tokio::test]
async fn status_follows_the_lifecycle() {
    let app = registry().await;
    let org = create(&app, "diadem", &local_association("Jappo", "SN")).await;
    let path = format!("{}/{}/status", orgs("diadem"), org["id"].as_str().unwrap());
    let t = coordinator("diadem");
    let skip = app.post(&path, &t, &json!({"status": "active"})).header("if-match", "\"1\"").send().await.unwrap();
    assert_problem(skip, 422, "validation_failed").await;
    let verified =
        app.post(&path, &t, &json!({"status": "verified"})).header("if-match", "\"1\"").send().await.unwrap();
    assert_eq!(verified.status(), 200);
    assert_eq!(json(verified).await["status"], "verified");
}

#[tokio::test]
async fn removal_deletes_an_unreferenced_organisation_and_archives_a_referenced_one() {
    let app = registry().await;
    let lonely = create(&app, "diadem", &local_association("Seule", "SN")).await;
    let local = create(&app, "diadem", &local_association("Locale", "SN")).await;
    let dia = create(&app, "diadem", &diaspora("Diaspora Paris", "FR")).await;
    let part = json!({"diaspora_organisation_id": dia["id"], "local_organisation_id": local["id"], "kind": "co_development_project", "status": "active", "started_on": "2021-08-02"});
    assert_eq!(
        app.post("/v1/tenants/diadem/partnerships", &coordinator("diadem"), &part).send().await.unwrap().status(),
        201
    );

    let a = admin("diadem");
    let by_coordinator = app
        .delete(&format!("{}/{}", orgs("diadem"), lonely["id"].as_str().unwrap()), &coordinator("diadem"))
        .send()
        .await
        .unwrap();
    assert_problem(by_coordinator, 403, "forbidden").await;
    let deleted =
        app.delete(&format!("{}/{}", orgs("diadem"), lonely["id"].as_str().unwrap()), &a).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let archived =
        app.delete(&format!("{}/{}", orgs("diadem"), local["id"].as_str().unwrap()), &a).send().await.unwrap();
    assert_eq!(archived.status(), 200);
    assert_eq!(json(archived).await["archived"], true);

    let default_list = json(app.get(&orgs("diadem"), &a).send().await.unwrap()).await;
    assert_eq!(default_list["items"].as_array().unwrap().len(), 1, "archived organisations are hidden by default");
    assert_eq!(list_ids(&app, "diadem").await.len(), 2);
}

#[tokio::test]
async fn stats_and_audit_trail_reflect_the_changes() {
    let app = registry().await;
    let org = create(&app, "adept-morocco", &json!({"kind": "cooperative", "name": "Coopérative Argan", "country": "MA", "themes": ["social_economy", "local_development"], "youth_led": true})).await;
    create(&app, "adept-morocco", &diaspora("Diaspora Bruxelles", "BE")).await;
    let stats =
        json(app.get("/v1/tenants/adept-morocco/stats", &coordinator("adept-morocco")).send().await.unwrap()).await;
    assert_eq!(stats["organisations"], 2);
    assert_eq!(stats["by_kind"]["cooperative"], 1);
    assert_eq!(stats["by_country"]["BE"], 1);
    assert_eq!(stats["by_theme"]["local_development"], 1);
    assert_eq!(stats["by_theme"]["social_economy"], 1);
    assert_eq!(stats["youth_led"], 1);
    assert_eq!(stats["women_led"], 0);
    let statuses: i64 = stats["by_status"].as_object().unwrap().values().map(|n| n.as_i64().unwrap()).sum();
    assert_eq!(statuses, 2, "every organisation has one status: {stats}");

    // For a period: what was entered in it (these were entered today, in Casablanca).
    let today = chrono::Utc::now().date_naive();
    let (yesterday, tomorrow) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    let period = |from: String, to: String| {
        let req =
            app.get(&format!("/v1/tenants/adept-morocco/stats?from={from}&to={to}"), &coordinator("adept-morocco"));
        async move { json(req.send().await.unwrap()).await }
    };
    let now = period(yesterday.to_string(), tomorrow.to_string()).await;
    assert_eq!((now["organisations"].as_i64(), now["by_country"]["BE"].as_i64()), (Some(2), Some(1)));
    let q3_2021 = period("2021-07-01".into(), "2021-09-30".into()).await;
    assert_eq!((q3_2021["organisations"].as_i64(), q3_2021["youth_led"].as_i64()), (Some(0), Some(0)));
    assert_eq!(q3_2021["by_kind"], json!({}));
    let until_yesterday = period("2021-01-01".into(), yesterday.to_string()).await;
    assert_eq!(until_yesterday["organisations"], 0);
    let upside_down =
        app.get("/v1/tenants/adept-morocco/stats?from=2021-10-01&to=2021-09-30", &coordinator("adept-morocco"));
    assert_problem(upside_down.send().await.unwrap(), 422, "validation_failed").await;

    let audit_path = format!("/v1/tenants/adept-morocco/audit?entity_id={}", org["id"].as_str().unwrap());
    let forbidden = app.get(&audit_path, &coordinator("adept-morocco")).send().await.unwrap();
    assert_problem(forbidden, 403, "forbidden").await;
    let trail = json(app.get(&audit_path, &admin("adept-morocco")).send().await.unwrap()).await;
    let events = trail["items"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["action"], "create");
    assert_eq!(events[0]["actor"], "test-user");
}
