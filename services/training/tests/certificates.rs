//! Certificates: issued by rule, printable, verifiable by anyone, revocable.

mod common;

use common::*;
use modal_kit::http::TrustedProxies;
use modal_testkit::{assert_problem, json, spawn_with, token, RegistryDouble, TestApp};
use serde_json::{json, Value};

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

/// The answer to a public check of an unknown (well-formed) code from `client`,
/// through a proxy on 127.0.0.1 that forwards the client's address.
async fn check_from(app: &TestApp, client: &str) -> u16 {
    let url = app.url("/v1/certificates/00000-00000-00000-00000");
    app.http.get(url).header("x-forwarded-for", client).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_verification_budget() {
    let registry = RegistryDouble::start().await;
    let training = spawn_with(modal_training::service(), |s| {
        s.peers.insert("registry".into(), registry.base.clone());
        s.trusted_proxies = TrustedProxies::parse("127.0.0.1/32").unwrap();
    })
    .await;
    for _ in 0..60 {
        assert_eq!(check_from(&training, "203.0.113.1").await, 404);
    }
    assert_eq!(check_from(&training, "203.0.113.1").await, 429, "the 61st check of one client");
    assert_eq!(check_from(&training, "203.0.113.2").await, 404, "another client behind the same proxy");
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_address_is_not_believed() {
    let sys = system().await;
    for i in 0..60 {
        assert_eq!(check_from(&sys.training, &format!("198.51.100.{i}")).await, 404);
    }
    assert_eq!(check_from(&sys.training, "198.51.100.200").await, 429, "a client cannot pick its own address");
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
    assert_eq!(export["participants"][0]["full_name"], "Youssef Benali");
    assert_eq!(export["attendance"].as_array().unwrap().len(), 2);
    assert_eq!(export["certificates"].as_array().unwrap().len(), 1);

    let erased = json(sys.training.delete(&path, &admin).send().await.unwrap()).await;
    let remains = &erased["participants"][0];
    assert_eq!(remains["erased"], true);
    assert_eq!(remains["full_name"], Value::Null);
    assert_eq!(remains["email"], Value::Null);
    assert_eq!(erased["certificates"], 1);

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

#[tokio::test]
async fn erasure_reaches_every_enrolment_of_the_person_and_every_place_that_names_them() {
    let sys = system().await;
    let (tenant, admin) = ("paips", token(&["paips"], &["tenant_admin"]));
    // Enrolled in a first training, certified, and the certificate revoked with a
    // reason that names her.
    let (tid, pid, cert) = certified(&sys.training, tenant, "Aminata Koné").await;
    let code = cert["code"].as_str().unwrap().to_string();
    let revoke = format!("{}/{tid}/certificates/{}/revoke", trainings(tenant), cert["id"].as_str().unwrap());
    let reason = json!({"reason": "Aminata Koné a demandé le retrait"});
    assert_eq!(sys.training.post(&revoke, &coordinator(tenant), &reason).send().await.unwrap().status(), 200);
    // Enrolled again in another training (with an Idempotency-Key, so the answer is
    // kept for retries), with the same email written otherwise.
    let other = create_training(
        &sys.training,
        tenant,
        &training_body("Gouvernance", "Bassam", "CI", "2021-08-23", "2021-08-27"),
    )
    .await;
    let other_id = other["id"].as_str().unwrap();
    let mut again = person("Aminata Koné", "female", "online", None);
    again["email"] = json!("P@Example.org");
    let enrolment = format!("{}/{other_id}/participants", trainings(tenant));
    let first = sys
        .training
        .post(&enrolment, &coordinator(tenant), &again)
        .header("idempotency-key", "k-aminata")
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);

    let path = format!("{}/{tid}/participants/{pid}/personal-data", trainings(tenant));
    let export = json(sys.training.get(&path, &admin).send().await.unwrap()).await;
    assert_eq!(export["participants"].as_array().unwrap().len(), 2, "both enrolments are the same person: {export}");
    let erased = json(sys.training.delete(&path, &admin).send().await.unwrap()).await;
    assert_eq!(erased["participants"].as_array().unwrap().len(), 2, "{erased}");

    let replay = sys
        .training
        .post(&enrolment, &coordinator(tenant), &again)
        .header("idempotency-key", "k-aminata")
        .send()
        .await
        .unwrap();
    let seen = [
        replay.text().await.unwrap(),
        sys.training.get(&enrolment, &admin).send().await.unwrap().text().await.unwrap(),
        sys.training
            .get(&format!("/v1/tenants/{tenant}/audit?limit=200"), &admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        sys.training
            .http
            .get(sys.training.url(&format!("/v1/certificates/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        sys.training
            .get(&format!("{}/{tid}/certificates", trainings(tenant)), &admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    ];
    for text in seen {
        assert!(!text.contains("Aminata") && !text.to_lowercase().contains("p@example.org"), "{text}");
    }
}
