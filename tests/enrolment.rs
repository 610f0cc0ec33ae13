//! Enrolment across the real services: training asks the real registry, over
//! HTTP with the caller's token, about the organisation a participant represents;
//! and the registry double that training's own tests use answers like it.

use modal_testkit::{assert_problem, json, spawn_system, token, RegistryDouble};
use serde_json::{json, Value};

#[tokio::test]
async fn training_accepts_its_tenants_organisations_and_refuses_another_tenants() {
    let apps = spawn_system(modal::services()).await;
    let (registry, training) = (&apps[0], &apps[1]);
    let org = |tenant: &str, name: &str| {
        let body = json!({"kind": "local_association", "name": name, "country": "SN"});
        registry.post(&format!("/v1/tenants/{tenant}/organisations"), &token(&[tenant], &["coordinator"]), &body).send()
    };
    let ours = json(org("diadem", "Jappo Thiès").await.unwrap()).await;
    let theirs = json(org("fecong", "Jigiya Bamako").await.unwrap()).await;
    let c = token(&["diadem"], &["coordinator"]);
    let t = json(
        training
            .post(
                "/v1/tenants/diadem/trainings",
                &c,
                &json!({"title": "Gouvernance", "city": "Thiès", "country": "SN",
                "start_date": "2021-08-02", "end_date": "2021-08-06", "format": "hybrid"}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    let enrol = |org: &Value| {
        let body = json!({"full_name": "Awa Ndiaye", "sex": "female", "mode": "online", "organisation_id": org["id"]});
        training
            .post(&format!("/v1/tenants/diadem/trainings/{}/participants", t["id"].as_str().unwrap()), &c, &body)
            .send()
    };
    let enrolled = json(enrol(&ours).await.unwrap()).await;
    assert_eq!(enrolled["organisation"]["kind"], "local_association");
    let refused = assert_problem(enrol(&theirs).await.unwrap(), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "unknown_organisation");
}

#[tokio::test]
async fn the_registry_double_answers_what_the_real_registry_answers() {
    let apps = spawn_system(modal::services()).await;
    let c = token(&["diadem"], &["coordinator"]);
    let body = json!({"kind": "local_association", "name": "Jappo", "country": "SN"});
    let real = json(apps[0].post("/v1/tenants/diadem/organisations", &c, &body).send().await.unwrap()).await;
    let double = RegistryDouble::start().await;
    let id = double.add_organisation("diadem", "Jappo", "local_association", "SN");
    let fake = double.organisation("diadem", &id).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&fake), keys(&real), "the double must answer every field the registry answers, and no other");
    let contract: Value = serde_json::from_str(include_str!("../openapi/registry.json")).unwrap();
    for field in contract["components"]["schemas"]["Organisation"]["required"].as_array().unwrap() {
        assert!(fake.get(field.as_str().unwrap()).is_some(), "the double lacks {field}");
    }
    for field in ["kind", "country", "archived"] {
        assert_eq!(fake[field].is_string(), real[field].is_string(), "{field} has another type in the double");
    }
}
