//! Reporting's part of a seed: an outcome linked to the tenant's organisation and
//! training, titled with the tenant's marker.

use modal_testkit::{json, token, TestApp};
use serde_json::{json, Value};

/// An outcome body naming the seed's organisation and training.
pub fn outcome_body(s: &crate::common::Seed, title: &str) -> Value {
    json!({"kind": "network", "title": title, "occurred_on": "2021-09-15", "members": 42,
        "organisation_ids": [s.ids["organisation"]], "training_ids": [s.ids["training"]],
        "evidence_url": "https://example.org/groupe"})
}

pub async fn seed(reporting: &TestApp, tenant: &str, s: &mut crate::common::Seed) {
    let c = token(&[tenant], &["coordinator"]);
    let body = outcome_body(s, &format!("MARKER-{tenant} effet"));
    let res = reporting.post(&format!("/v1/tenants/{tenant}/outcomes"), &c, &body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let outcome = json(res).await;
    s.ids.insert("outcome", outcome["id"].as_str().unwrap().to_string());
}
