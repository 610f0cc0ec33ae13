//! Seeding and request helpers shared by the whole-system tests.
#![allow(dead_code)]

pub mod funding;
pub mod reporting;
pub mod story;

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
    let person = post(registry, format!("/v1/tenants/{tenant}/organisations/{}/people", loc["id"].as_str().unwrap()), json!({"full_name": format!("{marker} president"), "role": "president", "email": format!("{tenant}@example.org")})).await;
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
        ("person", &person["id"]),
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
    // The record a path's `{id}` names, by the collection before it.
    let collections = [
        ("/organisations/", "organisation"),
        ("/partnerships/", "partnership"),
        ("/people/", "person"),
        ("/calls/", "call"),
        ("/applications/", "application"),
        ("/reviews/", "review"),
        ("/grants/", "grant"),
        ("/disbursements/", "disbursement"),
        ("/reports/", "report"),
        ("/attachments/", "attachment"),
        ("/outcomes/", "outcome"),
        ("/results/", "result"),
        ("/result-indicators/", "result_indicator"),
    ];
    let key = collections.iter().find(|(c, _)| path.contains(&format!("{c}{{id}}"))).map_or("training", |(_, k)| k);
    let id = s.ids.get(key).map_or("none", String::as_str);
    let filled = path
        .replace("{tenant}", tenant)
        .replace("{id}", id)
        .replace("{participant}", &s.ids["participant"])
        .replace("{certificate}", &s.ids["certificate"])
        .replace("{code}", &s.ids["code"])
        .replace("{day}", "2021-08-02")
        .replace("{period}", "2021")
        .replace("{number}", "1")
        .replace("{party}", "applicant")
        .replace("{slot}", "partner");
    // The query a route requires, so that only authorization can refuse it.
    let organisation = format!("?organisation_id={}", s.ids["organisation"]);
    let query = match path {
        p if p.ends_with("/{tenant}/certificates") => organisation.as_str(),
        p if p.ends_with("/revisions/diff") => "?from=1&to=1",
        p if p.contains("/indicators")
            || p.ends_with("/snapshots")
            || p.ends_with("/dashboard")
            || p.ends_with("/framework") =>
        {
            "?period=2021"
        }
        p if p.ends_with("/iati.xml") => "?period=2021",
        "/dashboard/view" => "?scope=diadem&period=2021&expires=1&sig=forged",
        p if p.ends_with("/applications/{id}/attachments") => "?kind=other&filename=authz.pdf",
        p if p.ends_with("/receipts") || p.contains("/signatures/") => "?filename=authz.pdf",
        _ => "",
    };
    format!("{filled}{query}")
}

/// A well-formed body for each writing operation, so that a refusal can only come
/// from authorization; the ids in it are those of the seed `s` (another tenant's
/// seed gives a body that must be refused).
pub fn body_for(op: &str, s: &Seed) -> Option<(Value, &'static str)> {
    let b = |v: Value| Some((v, "application/json"));
    if let Some(found) = funding_body_for(op, s) {
        return found;
    }
    match op {
        o if o.ends_with("/organisations") || o.ends_with("/organisations/{id}") && o.starts_with("PUT") => {
            b(json!({"kind": "other", "name": "Authz", "country": "SN"}))
        }
        o if o.ends_with("/status") => b(json!({"status": "verified"})),
        o if o.ends_with("/not-duplicate") => b(json!({"other_id": s.ids["diaspora"]})),
        // Not an organisation's id: the merge is refused after authorization, and the
        // seed stays whole for the operations checked after it.
        o if o.ends_with("/merge") => b(json!({"duplicate_id": s.ids["partnership"]})),
        o if o.ends_with("/attendance/statuses") => b(json!({})),
        o if o.starts_with("PUT") && o.ends_with("/certificate-template") => b(json!({"funders": ["Authz"]})),
        // Not a PNG: an organiser's upload is refused (415) after authorization.
        o if o.starts_with("PUT") && o.ends_with("/logos/{slot}") => Some((json!("authz"), "image/png")),
        o if o.ends_with("/participants/{participant}/person") => b(json!({"participant_id": s.ids["participant"]})),
        o if o.ends_with("/participants/import") => Some((json!("nom;sexe;mode\nAuthz;femme;en ligne\n"), "text/csv")),
        o if o.ends_with("/import") => Some((json!("kind;name;country\nother;Importée;SN\n"), "text/csv")),
        o if o.ends_with("/people") || o.ends_with("/people/{id}") => {
            b(json!({"full_name": "Authz", "role": "member", "phone": "+221 77 000 00 00"}))
        }
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
        o if o.ends_with("/snapshots") => b(json!({"year": 2021})),
        o if o.ends_with("/dashboard/links") => b(json!({"period": "2021"})),
        o if o.contains("/outcomes") => b(reporting::outcome_body(s, "Authz")),
        o if o.ends_with("/results") => {
            b(json!({"level": "output", "title": "Authz", "parent_id": s.ids.get("result")}))
        }
        o if o.ends_with("/results/{id}") => b(json!({"level": "outcome", "title": "Authz"})),
        o if o.ends_with("/indicators") || o.ends_with("/result-indicators/{id}") => {
            b(json!({"code": "authz_plans", "kind": "manual_value", "title": "Authz"}))
        }
        o if o.ends_with("/values/{period}") => b(json!({"value": 1})),
        o if o.ends_with("/review") => b(json!({"decision": "returned", "comments": "Authz"})),
        _ => None,
    }
}

/// Funding's operations: `Some(None)` for those that take no body.
fn funding_body_for(op: &str, s: &Seed) -> Option<Option<(Value, &'static str)>> {
    let b = |v: Value| Some(Some((v, "application/json")));
    let file = Some(Some((json!("%PDF-1.4 authz"), "application/pdf")));
    let content = json!({"applicant_id": s.ids["organisation"], "partner_id": s.ids["diaspora"], "title": "Authz",
        "summary": "Authz", "place": "Thiès", "country": "SN", "duration_months": 6, "requested": 1_000_000});
    let (method, path) = op.split_once(' ')?;
    if method != "POST" && method != "PUT" {
        return None;
    }
    match path {
        "/v1/tenants/{tenant}/calls" | "/v1/tenants/{tenant}/calls/{id}" => b(json!({
            "title": "Authz", "description": "Authz", "currency": "XOF",
            "opens_at": "2021-07-01T00:00:00Z", "closes_at": "2021-09-30T00:00:00Z",
            "envelope": 10_000_000, "min_grant": 0, "max_grant": 5_000_000,
            "criteria": [{"key": "relevance", "name": "Pertinence", "weight": 1, "lens": "content"}]})),
        "/v1/tenants/{tenant}/calls/{id}/status" => b(json!({"status": "closed"})),
        "/v1/tenants/{tenant}/calls/{id}/applications" | "/v1/tenants/{tenant}/applications/{id}" => b(content),
        "/v1/tenants/{tenant}/calls/{id}/decisions" => b(json!({"decisions": [
            {"application_id": s.ids.get("application"), "outcome": "reserve", "reason": "Authz"}]})),
        "/v1/tenants/{tenant}/applications/{id}/transitions" => b(json!({"to": "info_requested", "reason": "Authz"})),
        "/v1/tenants/{tenant}/applications/{id}/screening" => b(json!({"decision": "ineligible", "reason": "Authz"})),
        "/v1/tenants/{tenant}/applications/{id}/reviews" => {
            b(json!({"reviewer": "authz", "reviewer_organisation_id": s.ids["diaspora"], "lens": "financial"}))
        }
        "/v1/tenants/{tenant}/reviews/{id}" => {
            b(json!({"scores": [{"criterion": "relevance", "score": 3}], "recommendation": "maybe"}))
        }
        "/v1/tenants/{tenant}/applications/{id}/grant" => b(json!({"starts_on": "2021-09-01", "ends_on": "2022-08-31",
            "tranches": [{"amount": 1_000_000, "condition": "Authz", "due_on": "2021-09-15"}]})),
        "/v1/tenants/{tenant}/grants/{id}/tranches/{number}/disbursements" => b(json!({"amount": 1})),
        "/v1/tenants/{tenant}/disbursements/{id}/payments" => {
            b(json!({"amount": 1, "paid_on": "2021-09-20", "reference": "Authz"}))
        }
        "/v1/tenants/{tenant}/grants/{id}/tranches/{number}/reports" => {
            b(json!({"narrative": "Authz", "expenses": []}))
        }
        "/v1/tenants/{tenant}/reports/{id}/review" => b(json!({"outcome": "returned", "comments": "Authz"})),
        "/v1/tenants/{tenant}/applications/{id}/attachments"
        | "/v1/tenants/{tenant}/reports/{id}/receipts"
        | "/v1/tenants/{tenant}/grants/{id}/signatures/{party}" => file,
        "/v1/tenants/{tenant}/applications/{id}/submit"
        | "/v1/tenants/{tenant}/applications/{id}/eligibility"
        | "/v1/tenants/{tenant}/reviews/{id}/no-conflict"
        | "/v1/tenants/{tenant}/disbursements/{id}/approval" => Some(None),
        _ => None,
    }
}
