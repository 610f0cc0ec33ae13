//! Bad input gets a clear problem+json 4xx and changes nothing.

mod common;

use common::*;
use modal_testkit::{assert_problem, json};
use serde_json::json;

#[tokio::test]
async fn malformed_unknown_or_mistyped_json_is_400_and_writes_nothing() {
    let app = registry().await;
    let t = coordinator("diadem");
    let raw = |body: &'static str| {
        app.http.post(app.url(&orgs("diadem"))).bearer_auth(&t).header("content-type", "application/json").body(body)
    };
    assert_problem(raw("{\"kind\": ").send().await.unwrap(), 400, "malformed_request").await;
    let mut unknown = local_association("X", "SN");
    unknown["tenant_id"] = json!("fecong");
    assert_problem(app.post(&orgs("diadem"), &t, &unknown).send().await.unwrap(), 400, "malformed_request").await;
    let mut server_owned = local_association("X", "SN");
    server_owned["status"] = json!("active");
    assert_problem(app.post(&orgs("diadem"), &t, &server_owned).send().await.unwrap(), 400, "malformed_request").await;
    let mut wrong_type = local_association("X", "SN");
    wrong_type["members"] = json!("many");
    assert_problem(app.post(&orgs("diadem"), &t, &wrong_type).send().await.unwrap(), 400, "malformed_request").await;
    let bad_kind = json!({"kind": "company", "name": "X", "country": "SN"});
    assert_problem(app.post(&orgs("diadem"), &t, &bad_kind).send().await.unwrap(), 400, "malformed_request").await;
    assert!(list_ids(&app, "diadem").await.is_empty());
}

#[tokio::test]
async fn invalid_values_are_422_with_every_field_named_in_the_callers_language() {
    let app = registry().await;
    let t = coordinator("diadem");
    let body = json!({
        "kind": "diaspora_organisation",
        "name": "N".repeat(201),
        "country": "XX",
        "intervention_countries": ["sn"],
        "contacts": {"email": "not-an-email", "phone": "abc"},
        "year_founded": 1500
    });
    let res = app.post(&orgs("diadem"), &t, &body).header("accept-language", "en-GB,en;q=0.9").send().await.unwrap();
    let problem = assert_problem(res, 422, "validation_failed").await;
    let mut fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "contacts.email",
            "contacts.phone",
            "country",
            "intervention_countries[0]",
            "name",
            "residence_country",
            "year_founded"
        ]
    );
    assert_eq!(problem["title"], "Invalid data");

    let french =
        app.post(&orgs("diadem"), &t, &json!({"kind": "other", "name": " ", "country": "SN"})).send().await.unwrap();
    let problem = assert_problem(french, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["message"], "Ce champ est obligatoire.");
    assert!(list_ids(&app, "diadem").await.is_empty());
}

#[tokio::test]
async fn oversized_bodies_are_413_and_wrong_content_types_415() {
    let app = registry().await;
    let t = coordinator("diadem");
    let mut big = local_association("Grosse", "SN");
    big["description"] = json!("x".repeat(100 * 1024));
    assert_problem(app.post(&orgs("diadem"), &t, &big).send().await.unwrap(), 413, "payload_too_large").await;
    let form =
        app.http.post(app.url(&orgs("diadem"))).bearer_auth(&t).header("content-type", "text/plain").body("name=x");
    assert_problem(form.send().await.unwrap(), 415, "unsupported_media_type").await;
    assert!(list_ids(&app, "diadem").await.is_empty());
}

#[tokio::test]
async fn bad_query_values_are_refused() {
    let app = registry().await;
    let t = coordinator("diadem");
    for q in ["limit=0", "limit=abc", "kind=company", "country=Senegal", "after=%%%", "unknown=1"] {
        let res = app.get(&format!("{}?{q}", orgs("diadem")), &t).send().await.unwrap();
        let status = res.status().as_u16();
        assert!(status == 400 || status == 422, "{q}: {status}");
        let body = json(res).await;
        assert!(body["code"].is_string(), "{q}: {body}");
    }
}
