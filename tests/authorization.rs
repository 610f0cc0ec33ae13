//! The authorization matrix (`tests/authorization-matrix.json`) against the running
//! services: every operation of every contract, called as every role, in the
//! caller's own tenant, in another tenant, with another tenant's object ids in the
//! path, and with another tenant's ids in the body.
//!
//! Expected: an allowed role reaches the handler and gets a success or a 4xx its
//! contract documents, never a 5xx; others get 401 (no token) or 403, and a
//! refused POST sent with an `Idempotency-Key` leaves nothing stored; another
//! tenant's objects are never answered with 2xx; and no response to a DIADEM
//! caller contains FECONG's marker strings. An operation without a row in the
//! matrix fails the test, so no route ships unprotected.

mod common;

use common::{body_for, fill, seed, Seed};
use modal_testkit::{applicant_token, json, spawn_system, token, TestApp};
use serde_json::Value;

const ROLES: [&str; 8] =
    ["anonymous", "programme_admin", "tenant_admin", "coordinator", "trainer", "reviewer", "viewer", "applicant"];

struct Call<'a> {
    method: &'a str,
    url: String,
    role: &'a str,
    tenant: &'a str,
    body: Option<&'a (Value, &'static str)>,
    key: Option<String>,
    /// The organisation an `applicant` acts for (the caller's own tenant's).
    organisation: &'a str,
}

async fn call(app: &TestApp, c: Call<'_>) -> (u16, String) {
    let m = reqwest::Method::from_bytes(c.method.as_bytes()).unwrap();
    // Any version: a write that passes authorization reaches its own checks.
    let mut req = app.http.request(m, app.url(&c.url)).header("if-match", "*");
    if c.role == "applicant" {
        req = req.bearer_auth(applicant_token("test-user", c.tenant, c.organisation));
    } else if c.role != "anonymous" {
        let tenants: &[&str] = if c.role == "programme_admin" { &[] } else { &[c.tenant] };
        req = req.bearer_auth(token(tenants, &[c.role]));
    }
    if let Some(key) = c.key {
        req = req.header("idempotency-key", key);
    }
    if let Some((b, ct)) = c.body {
        req = match b {
            Value::String(text) => req.header("content-type", *ct).body(text.clone()),
            other => req.json(other),
        };
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

/// Answers kept for retries in DIADEM's idempotency table.
async fn kept_keys(app: &TestApp) -> usize {
    modal_kit::http::idempotency::kept(&app.db, "diadem").await.unwrap().len()
}

#[tokio::test]
async fn every_operation_answers_every_role_as_the_matrix_says_and_leaks_nothing() {
    let matrix: Value = serde_json::from_str(include_str!("authorization-matrix.json")).unwrap();
    let apps = spawn_system(modal::services()).await;
    let (registry, training, funding) = (&apps[0], &apps[1], &apps[2]);
    let mut mine = seed(registry, training, "diadem").await;
    let mut theirs = seed(registry, training, "fecong").await;
    common::funding::seed(registry, training, funding, "diadem", &mut mine).await;
    common::funding::seed(registry, training, funding, "fecong", &mut theirs).await;
    common::reporting::seed(&apps[3], "diadem", &mut mine).await;
    common::reporting::seed(&apps[3], "fecong", &mut theirs).await;
    let mut failures = Vec::new();

    for (def, app) in modal::services().into_iter().zip(&apps) {
        let name = def.name;
        let contract = serde_json::to_value(def.openapi()).unwrap();
        let rows = matrix[name].as_object().unwrap_or_else(|| panic!("no {name} section in the matrix"));
        let kept_before = kept_keys(app).await;
        let mut documented = Vec::new();
        for (path, item) in contract["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let method = method.to_uppercase();
                let op_name = format!("{method} {path}");
                documented.push(op_name.clone());
                let Some(allowed) = rows.get(&op_name).and_then(|r| r.as_array()) else {
                    failures.push(format!("{name}: `{op_name}` has no row in tests/authorization-matrix.json"));
                    continue;
                };
                let allowed: Vec<&str> = allowed.iter().filter_map(|r| r.as_str()).collect();
                let answers: Vec<String> = op["responses"].as_object().unwrap().keys().cloned().collect();
                let check = Check { name, op: &op_name, method: &method, path, allowed: &allowed, answers: &answers };
                check.run(app, &mine, &theirs, &mut failures).await;
            }
        }
        for row in rows.keys() {
            if !documented.contains(row) {
                failures.push(format!("{name}: matrix row `{row}` is not in the contract"));
            }
        }
        if kept_keys(app).await != kept_before {
            failures.push(format!("{name}: refused POSTs with an Idempotency-Key left keys behind"));
        }
    }
    // FECONG's objects are untouched by all of the above.
    let c = token(&["fecong"], &["coordinator"]);
    let org_path = format!("/v1/tenants/fecong/organisations/{}", theirs.ids["organisation"]);
    let org = json(registry.get(&org_path, &c).send().await.unwrap()).await;
    assert_eq!(org["name"], "MARKER-fecong locale");
    assert_eq!(org["version"], 1);
    let person_path =
        format!("/v1/tenants/fecong/trainings/{}/participants/{}", theirs.ids["training"], theirs.ids["participant"]);
    let person = json(training.get(&person_path, &c).send().await.unwrap()).await;
    assert_eq!(person["full_name"], "MARKER-fecong person");
    assert!(failures.is_empty(), "{} authorization failures:\n{}", failures.len(), failures.join("\n"));
}

/// One operation, checked as every role.
struct Check<'a> {
    name: &'a str,
    op: &'a str,
    method: &'a str,
    path: &'a str,
    allowed: &'a [&'a str],
    answers: &'a [String],
}

impl Check<'_> {
    async fn run(&self, app: &TestApp, mine: &Seed, theirs: &Seed, failures: &mut Vec<String>) {
        let (name, op, method, path) = (self.name, self.op, self.method, self.path);
        let body = body_for(op, mine);
        let writes = method == "POST" || method == "PUT";
        let foreign_body = body_for(op, theirs).filter(|b| writes && Some(b) != body.as_ref());
        let tenant_route = path.starts_with("/v1/tenants/{tenant}");
        let has_object = path.contains("{id}") || path.contains("{code}");
        for role in ROLES {
            let expect_allowed = self.allowed.contains(&role);
            let own = || Call {
                method,
                url: fill(path, "diadem", mine),
                role,
                tenant: "diadem",
                body: body.as_ref(),
                key: None,
                organisation: &mine.ids["organisation"],
            };
            let (status, text) = call(app, own()).await;
            let denied = status == 401 || status == 403;
            if expect_allowed == denied || (!expect_allowed && role == "anonymous" && status != 401 && tenant_route) {
                failures
                    .push(format!("{name}: {op} as {role} in own tenant: {status} (allowed: {expect_allowed}) {text}"));
            }
            let undocumented = !(200..300).contains(&status) && !self.answers.contains(&status.to_string());
            if expect_allowed && (status >= 500 || undocumented) {
                failures
                    .push(format!("{name}: {op} as {role}: {status}, not a success nor a documented refusal: {text}"));
            }
            // The programme's own routes show every tenant to the programme team, by design.
            let programme_reads_all = path.starts_with("/v1/programme/") && role == "programme_admin";
            if text.contains("MARKER-fecong") && !programme_reads_all {
                failures.push(format!("{name}: {op} as {role} (DIADEM) leaked FECONG data"));
            }
            if !expect_allowed && method == "POST" && tenant_route {
                let key = Some(format!("authz-{role}-{}", path.len()));
                let (status, _) = call(app, Call { key, ..own() }).await;
                if status != 401 && status != 403 {
                    failures.push(format!("{name}: {op} as {role} with an Idempotency-Key: {status}"));
                }
            }
            if tenant_route && role != "programme_admin" && role != "anonymous" {
                let theirs_route = Call {
                    method,
                    url: fill(path, "fecong", theirs),
                    role,
                    tenant: "diadem",
                    body: body.as_ref(),
                    key: None,
                    organisation: &mine.ids["organisation"],
                };
                let (status, text) = call(app, theirs_route).await;
                if status != 403 || text.contains("MARKER-fecong") {
                    failures.push(format!("{name}: {op} as DIADEM {role} on FECONG's route: {status}"));
                }
            }
            if has_object && role != "anonymous" && path.starts_with("/v1/tenants") {
                let mut cross = theirs.clone();
                cross.ids.insert("diaspora", mine.ids["diaspora"].clone());
                let with_their_ids = Call {
                    method,
                    url: fill(path, "diadem", &cross),
                    role,
                    tenant: "diadem",
                    body: body.as_ref(),
                    key: None,
                    organisation: &mine.ids["organisation"],
                };
                let (status, text) = call(app, with_their_ids).await;
                if (200..300).contains(&status) || text.contains("MARKER-fecong") {
                    failures.push(format!("{name}: {op} as DIADEM {role} with FECONG ids: {status} {text}"));
                }
            }
            if let (Some(foreign), true) = (&foreign_body, expect_allowed && role != "programme_admin") {
                let with_their_ids_in_body = Call {
                    method,
                    url: fill(path, "diadem", mine),
                    role,
                    tenant: "diadem",
                    body: Some(foreign),
                    key: None,
                    organisation: &mine.ids["organisation"],
                };
                let (status, text) = call(app, with_their_ids_in_body).await;
                if !matches!(status, 404 | 422) || text.contains("MARKER-fecong") {
                    failures
                        .push(format!("{name}: {op} as DIADEM {role} with FECONG ids in the body: {status} {text}"));
                }
            }
        }
    }
}
