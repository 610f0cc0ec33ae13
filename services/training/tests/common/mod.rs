//! Helpers for training's HTTP tests: the real training service, and a registry
//! double that speaks the registry's contract (training is tested alone; the
//! whole-system tests at the root use the real registry).
#![allow(dead_code)]

use modal_testkit::{json, spawn_with_peers, token, RegistryDouble, TestApp};
use serde_json::{json, Value};

pub struct System {
    pub registry: RegistryDouble,
    pub training: TestApp,
}

pub async fn system() -> System {
    let registry = RegistryDouble::start().await;
    let training = spawn_with_peers(modal_training::service(), &[("registry", &registry.base)]).await;
    System { registry, training }
}

pub fn coordinator(tenant: &str) -> String {
    token(&[tenant], &["coordinator"])
}

pub fn trainings(tenant: &str) -> String {
    format!("/v1/tenants/{tenant}/trainings")
}

pub fn training_body(title: &str, city: &str, country: &str, start: &str, end: &str) -> Value {
    json!({
        "title": title, "city": city, "country": country, "start_date": start, "end_date": end,
        "format": "hybrid", "capacity_on_site": 20,
        "modules": ["Gestion de projets de développement local", "Gouvernance associative", "Nexus migration-développement"],
        "trainers": ["A. Diallo"]
    })
}

pub async fn create_training(app: &TestApp, tenant: &str, body: &Value) -> Value {
    let res = app.post(&trainings(tenant), &coordinator(tenant), body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    json(res).await
}

/// An organisation in the registry double; its id.
pub fn create_org(registry: &RegistryDouble, tenant: &str, name: &str, kind: &str, country: &str) -> String {
    registry.add_organisation(tenant, name, kind, country)
}

pub fn person(name: &str, sex: &str, mode: &str, org: Option<&str>) -> Value {
    json!({"full_name": name, "sex": sex, "mode": mode, "organisation_id": org, "email": "p@example.org"})
}

pub async fn enrol(app: &TestApp, tenant: &str, training: &str, body: &Value) -> reqwest::Response {
    app.post(&format!("{}/{training}/participants", trainings(tenant)), &coordinator(tenant), body)
        .send()
        .await
        .unwrap()
}

/// A two-day training with one participant present both days; returns (training, participant, certificate).
pub async fn certified(app: &TestApp, tenant: &str, name: &str) -> (String, String, Value) {
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
