//! Helpers for training's HTTP tests: a real registry and a real training service.
#![allow(dead_code)]

use modal_testkit::{json, spawn, token, TestApp};
use serde_json::{json, Value};

pub struct System {
    pub registry: TestApp,
    pub training: TestApp,
}

pub async fn system() -> System {
    let registry = spawn(modal_registry::service()).await;
    let training = spawn(modal_training::service(&registry.base)).await;
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

pub async fn create_org(registry: &TestApp, tenant: &str, name: &str, kind: &str, country: &str) -> String {
    let mut body = json!({"kind": kind, "name": name, "country": country});
    if kind == "diaspora_organisation" {
        body["residence_country"] = json!(country);
    }
    let res = registry
        .post(&format!("/v1/tenants/{tenant}/organisations"), &coordinator(tenant), &body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    json(res).await["id"].as_str().unwrap().to_string()
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
