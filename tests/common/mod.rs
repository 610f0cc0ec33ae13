//! Seeding and request helpers shared by the whole-system tests.
#![allow(dead_code)]

use modal_testkit::{json, token, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Ids of the objects seeded in one tenant.
#[derive(Default, Clone)]
pub struct Seed {
    pub ids: BTreeMap<&'static str, String>,
}

pub async fn seed(registry: &TestApp, training: &TestApp, tenant: &str) -> Seed {
    let c = token(&[tenant], &["coordinator"]);
    let marker = format!("MARKER-{tenant}");
    let post = |app: &TestApp, path: String, body: Value| {
        let c = c.clone();
        let req = app.post(&path, &c, &body);
        async move { json(req.send().await.unwrap()).await }
    };
    let orgs = format!("/v1/tenants/{tenant}/organisations");
    let dia = post(registry, orgs.clone(), json!({"kind": "diaspora_organisation", "name": format!("{marker} diaspora"), "country": "FR", "residence_country": "FR"})).await;
    let loc =
        post(registry, orgs, json!({"kind": "local_association", "name": format!("{marker} locale"), "country": "SN"}))
            .await;
    let part = post(registry, format!("/v1/tenants/{tenant}/partnerships"), json!({"diaspora_organisation_id": dia["id"], "local_organisation_id": loc["id"], "kind": "twinning", "status": "active", "description": marker})).await;
    let tr = post(training, format!("/v1/tenants/{tenant}/trainings"), json!({"title": format!("{marker} training"), "city": "Thiès", "country": "SN", "start_date": "2021-08-02", "end_date": "2021-08-02", "format": "hybrid"})).await;
    let tid = tr["id"].as_str().unwrap().to_string();
    let p = post(training, format!("/v1/tenants/{tenant}/trainings/{tid}/participants"), json!({"full_name": format!("{marker} person"), "sex": "female", "mode": "online", "organisation_id": loc["id"]})).await;
    let res = training
        .put(
            &format!("/v1/tenants/{tenant}/trainings/{tid}/days/2021-08-02/attendance"),
            &c,
            &json!({"default": "present"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let certs = post(training, format!("/v1/tenants/{tenant}/trainings/{tid}/certificates"), json!({})).await;
    let mut s = Seed::default();
    for (k, v) in [
        ("organisation", &loc["id"]),
        ("diaspora", &dia["id"]),
        ("partnership", &part["id"]),
        ("training", &tr["id"]),
        ("participant", &p["id"]),
        ("certificate", &certs["issued"][0]["id"]),
        ("code", &certs["issued"][0]["code"]),
    ] {
        s.ids.insert(k, v.as_str().unwrap_or_else(|| panic!("seed {k}: {v}")).to_string());
    }
    s
}

pub fn fill(path: &str, tenant: &str, s: &Seed) -> String {
    let id = if path.contains("/organisations/") {
        &s.ids["organisation"]
    } else if path.contains("/partnerships/") {
        &s.ids["partnership"]
    } else {
        &s.ids["training"]
    };
    path.replace("{tenant}", tenant)
        .replace("{id}", id)
        .replace("{participant}", &s.ids["participant"])
        .replace("{certificate}", &s.ids["certificate"])
        .replace("{code}", &s.ids["code"])
        .replace("{day}", "2021-08-02")
}

/// A well-formed body for each writing operation, so that a refusal can only come
/// from authorization; the ids in it are those of the seed `s` (another tenant's
/// seed gives a body that must be refused).
pub fn body_for(op: &str, s: &Seed) -> Option<(Value, &'static str)> {
    let b = |v: Value| Some((v, "application/json"));
    match op {
        o if o.ends_with("/organisations") || o.ends_with("/organisations/{id}") && o.starts_with("PUT") => {
            b(json!({"kind": "other", "name": "Authz", "country": "SN"}))
        }
        o if o.ends_with("/status") => b(json!({"status": "verified"})),
        o if o.ends_with("/import") => Some((json!("kind;name;country\nother;Importée;SN\n"), "text/csv")),
        o if o.contains("/partnerships") => b(
            json!({"diaspora_organisation_id": s.ids["diaspora"], "local_organisation_id": s.ids["organisation"], "kind": "other", "status": "planned"}),
        ),
        o if o.ends_with("/trainings") || o.ends_with("/trainings/{id}") => b(
            json!({"title": "Authz", "city": "Thiès", "country": "SN", "start_date": "2021-08-02", "end_date": "2021-08-02", "format": "online"}),
        ),
        o if o.contains("/participants") => {
            b(json!({"full_name": "Authz", "sex": "male", "mode": "online", "organisation_id": s.ids["organisation"]}))
        }
        o if o.ends_with("/attendance") => {
            b(json!({"default": "present", "marks": [{"participant_id": s.ids["participant"], "status": "late"}]}))
        }
        o if o.ends_with("/revoke") => b(json!({"reason": "authz"})),
        _ => None,
    }
}
