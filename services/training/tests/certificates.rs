//! Certificates: issued by rule, printable, verifiable by anyone, revocable.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, token, TestApp};
use serde_json::{json, Value};

/// A two-day training with one participant present both days; returns (training, participant, certificate).
async fn certified(app: &TestApp, tenant: &str, name: &str) -> (String, String, Value) {
    let t = create_training(
        app,
        tenant,
        &training_body("Nexus migration-développement", "Bamako", "ML", "2021-08-09", "2021-08-10"),
    )
    .await;
    let tid = t["id"].as_str().unwrap().to_string();
    let p = json(enrol(app, tenant, &tid, &person(name, "female", "on_site", None)).await).await;
    let pid = p["id"].as_str().unwrap().to_string();
    for day in ["2021-08-09", "2021-08-10"] {
        let res = app
            .put(
                &format!("{}/{tid}/days/{day}/attendance", trainings(tenant)),
                &coordinator(tenant),
                &json!({"default": "present"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let report = json(
        app.post(&format!("{}/{tid}/certificates", trainings(tenant)), &coordinator(tenant), &json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    (tid, pid, report["issued"][0].clone())
}

#[tokio::test]
async fn anyone_can_verify_a_certificate_and_sees_only_what_it_certifies() {
    let sys = system().await;
    let (_, _, cert) = certified(&sys.training, "fecong", "Fatoumata Keïta").await;
    let code = cert["code"].as_str().unwrap();
    let res = sys.training.http.get(sys.training.url(&format!("/v1/certificates/{code}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let v = json(res).await;
    assert_eq!(v["status"], "valid");
    assert_eq!(v["holder_name"], "Fatoumata Keïta");
    assert_eq!(v["host_partner"], "FECONG");
    assert_eq!(v["place"], "Bamako, ML");
    assert!(v.get("email").is_none() && v.get("participant_id").is_none(), "{v}");
    // Lower case is accepted; unknown and malformed codes are 404.
    let lower = sys
        .training
        .http
        .get(sys.training.url(&format!("/v1/certificates/{}", code.to_lowercase())))
        .send()
        .await
        .unwrap();
    assert_eq!(lower.status(), 200);
    for bad in ["00000-00000-00000-00000", "nope"] {
        let res = sys.training.http.get(sys.training.url(&format!("/v1/certificates/{bad}"))).send().await.unwrap();
        assert_problem(res, 404, "not_found").await;
    }
}

#[tokio::test]
async fn a_revoked_certificate_says_so_with_its_reason() {
    let sys = system().await;
    let (tid, _, cert) = certified(&sys.training, "diadem", "Moussa Sow").await;
    let path = format!("{}/{tid}/certificates/{}/revoke", trainings("diadem"), cert["id"].as_str().unwrap());
    let by_trainer =
        sys.training.post(&path, &token(&["diadem"], &["trainer"]), &json!({"reason": "x"})).send().await.unwrap();
    assert_problem(by_trainer, 403, "forbidden").await;
    let res = sys
        .training
        .post(&path, &coordinator("diadem"), &json!({"reason": "Erreur d'émargement"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let again = sys.training.post(&path, &coordinator("diadem"), &json!({"reason": "encore"})).send().await.unwrap();
    assert_problem(again, 409, "conflict").await;
    let v = json(
        sys.training
            .http
            .get(sys.training.url(&format!("/v1/certificates/{}", cert["code"].as_str().unwrap())))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["revocation_reason"], "Erreur d'émargement");
}

#[tokio::test]
async fn the_printable_certificate_is_a_pdf_naming_the_holder() {
    let sys = system().await;
    let (tid, _, cert) = certified(&sys.training, "paips", "Aya Kouassi").await;
    let res = sys
        .training
        .get(
            &format!("{}/{tid}/certificates/{}/pdf", trainings("paips"), cert["id"].as_str().unwrap()),
            &coordinator("paips"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("(Aya Kouassi) Tj"));
    assert!(text.contains(cert["code"].as_str().unwrap()));
}

#[tokio::test]
async fn verification_is_rate_limited_per_client() {
    let sys = system().await;
    let mut last = 0;
    for _ in 0..61 {
        last = sys
            .training
            .http
            .get(sys.training.url("/v1/certificates/00000-00000-00000-00000"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
    let res = sys.training.http.get(sys.training.url("/v1/certificates/00000-00000-00000-00000")).send().await.unwrap();
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(res, 429, "rate_limited").await;
}

#[tokio::test]
async fn a_person_can_get_their_data_and_have_it_erased_leaving_only_anonymous_counts() {
    let sys = system().await;
    let (tid, pid, cert) = certified(&sys.training, "adept-morocco", "Youssef Benali").await;
    let admin = token(&["adept-morocco"], &["tenant_admin"]);
    let path = format!("{}/{tid}/participants/{pid}/personal-data", trainings("adept-morocco"));
    let forbidden = sys.training.get(&path, &coordinator("adept-morocco")).send().await.unwrap();
    assert_problem(forbidden, 403, "forbidden").await;
    let export = json(sys.training.get(&path, &admin).send().await.unwrap()).await;
    assert_eq!(export["participant"]["full_name"], "Youssef Benali");
    assert_eq!(export["attendance"].as_array().unwrap().len(), 2);
    assert_eq!(export["certificates"].as_array().unwrap().len(), 1);

    let erased = json(sys.training.delete(&path, &admin).send().await.unwrap()).await;
    assert_eq!(erased["erased"], true);
    assert_eq!(erased["full_name"], Value::Null);
    assert_eq!(erased["email"], Value::Null);

    let everything = [
        sys.training.get(&path, &admin).send().await.unwrap().text().await.unwrap(),
        sys.training
            .get(&format!("{}/{tid}/participants", trainings("adept-morocco")), &admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        sys.training
            .get(&format!("{}/{tid}/attendance/export", trainings("adept-morocco")), &admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        sys.training
            .get("/v1/tenants/adept-morocco/audit?limit=200", &admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        sys.training
            .http
            .get(sys.training.url(&format!("/v1/certificates/{}", cert["code"].as_str().unwrap())))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    ];
    for text in everything {
        assert!(!text.contains("Youssef") && !text.contains("p@example.org"), "{text}");
    }
    let stats = json(sys.training.get("/v1/tenants/adept-morocco/stats", &admin).send().await.unwrap()).await;
    assert_eq!(stats["participants"], 1);
    assert_eq!(stats["by_sex"]["female"], 1);
}
