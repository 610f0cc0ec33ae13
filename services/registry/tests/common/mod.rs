//! Helpers shared by the registry's HTTP tests.
#![allow(dead_code)]

use modal_testkit::{json, spawn, token, TestApp};
use serde_json::{json, Value};

pub async fn registry() -> TestApp {
    spawn(modal_registry::service()).await
}

pub fn coordinator(tenant: &str) -> String {
    token(&[tenant], &["coordinator"])
}

pub fn admin(tenant: &str) -> String {
    token(&[tenant], &["tenant_admin"])
}

pub fn orgs(tenant: &str) -> String {
    format!("/v1/tenants/{tenant}/organisations")
}

pub fn local_association(name: &str, country: &str) -> Value {
    json!({
        "kind": "local_association",
        "name": name,
        "country": country,
        "region": "Thiès",
        "themes": ["local_development"],
        "contacts": {"email": "contact@example.org", "phone": "+221 77 123 45 67"},
        "registrations": [{"scheme": "receipt", "value": "N° 12345/MINT"}],
        "women_led": true
    })
}

pub fn diaspora(name: &str, residence: &str) -> Value {
    json!({
        "kind": "diaspora_organisation",
        "name": name,
        "country": residence,
        "residence_country": residence,
        "intervention_countries": ["SN", "ML"],
        "themes": ["migration_and_development"]
    })
}

/// Creates an organisation and returns its JSON (asserting 201).
pub async fn create(app: &TestApp, tenant: &str, body: &Value) -> Value {
    let res = app.post(&orgs(tenant), &coordinator(tenant), body).send().await.expect("request");
    assert_eq!(res.status(), 201, "create failed");
    json(res).await
}

/// The ids of the tenant's organisations, as a coordinator of it sees them.
pub async fn list_ids(app: &TestApp, tenant: &str) -> Vec<String> {
    let res = app
        .get(&format!("{}?include_archived=true&limit=200", orgs(tenant)), &coordinator(tenant))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    json(res).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| o["id"].as_str().expect("id").to_string())
        .collect()
}
