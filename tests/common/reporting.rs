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
    // A result with a manual indicator whose 2021 value is submitted for review.
    let post = |path: String, body: Value| {
        let req = reporting.post(&path, &c, &body);
        async move { json(req.send().await.unwrap()).await }
    };
    let result = post(
        format!("/v1/tenants/{tenant}/results"),
        json!({"level": "outcome", "title": format!("MARKER-{tenant} résultat")}),
    )
    .await;
    let result = result["id"].as_str().unwrap().to_string();
    let indicator = post(
        format!("/v1/tenants/{tenant}/results/{result}/indicators"),
        json!({"code": "plans_locaux", "kind": "manual_value", "title": format!("MARKER-{tenant} plans"), "targets": {"2021": 3}}),
    )
    .await;
    let indicator = indicator["id"].as_str().unwrap().to_string();
    let value = reporting.put(
        &format!("/v1/tenants/{tenant}/result-indicators/{indicator}/values/2021"),
        &c,
        &json!({"value": 2}),
    );
    assert_eq!(value.send().await.unwrap().status(), 200);
    let submitted =
        post(format!("/v1/tenants/{tenant}/result-indicators/{indicator}/values/2021/submit"), json!({})).await;
    assert_eq!(submitted["status"], "submitted");
    s.ids.insert("result", result);
    s.ids.insert("result_indicator", indicator);
}
