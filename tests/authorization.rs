//! The authorization matrix (`tests/authorization-matrix.json`) against the running
//! services: every operation of every contract, called as every role, in the
//! caller's own tenant, in another tenant, and with another tenant's object ids.
//!
//! Expected: allowed roles get past authorization (no 401/403); others get 401
//! (no token) or 403; another tenant's objects are never answered with 2xx; and no
//! response to a DIADEM caller contains FECONG's marker strings. An operation
//! without a row in the matrix fails the test, so no route ships unprotected.

mod common;

use common::{body_for, fill, seed};
use modal_testkit::{json, spawn, token, TestApp};
use serde_json::Value;

const ROLES: [&str; 7] =
    ["anonymous", "programme_admin", "tenant_admin", "coordinator", "trainer", "reviewer", "viewer"];

async fn call(
    app: &TestApp,
    method: &str,
    url: &str,
    role: &str,
    tenant: &str,
    body: Option<&(Value, &str)>,
) -> (u16, String) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = app.http.request(m, app.url(url)).header("if-match", "\"1\"");
    if role != "anonymous" {
        let tenants: &[&str] = if role == "programme_admin" { &[] } else { &[tenant] };
        req = req.bearer_auth(token(tenants, &[role]));
    }
    if let Some((b, ct)) = body {
        req = match b {
            Value::String(text) => req.header("content-type", *ct).body(text.clone()),
            other => req.json(other),
        };
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

#[tokio::test]
async fn every_operation_answers_every_role_as_the_matrix_says_and_leaks_nothing() {
    let matrix: Value = serde_json::from_str(include_str!("authorization-matrix.json")).unwrap();
    let registry = spawn(modal_registry::service()).await;
    let training = spawn(modal_training::service(&registry.base)).await;
    let services = [("registry", &registry), ("training", &training)];
    let mine = seed(&registry, &training, "diadem").await;
    let theirs = seed(&registry, &training, "fecong").await;
    let mut failures = Vec::new();

    for (name, app) in services {
        let contract: Value =
            serde_json::from_str(&app.http.get(app.url("/openapi.json")).send().await.unwrap().text().await.unwrap())
                .unwrap();
        let rows = matrix[name].as_object().unwrap_or_else(|| panic!("no {name} section in the matrix"));
        let mut documented = Vec::new();
        for (path, item) in contract["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let op = format!("{} {path}", method.to_uppercase());
                documented.push(op.clone());
                let Some(allowed) = rows.get(&op).and_then(|r| r.as_array()) else {
                    failures.push(format!("{name}: `{op}` has no row in tests/authorization-matrix.json"));
                    continue;
                };
                let allowed: Vec<&str> = allowed.iter().filter_map(|r| r.as_str()).collect();
                let body = body_for(&op, &mine);
                let tenant_route = path.starts_with("/v1/tenants/{tenant}");
                let has_object = path.contains("{id}") || path.contains("{code}");
                for role in ROLES {
                    let expect_allowed = allowed.contains(&role);
                    let (status, text) =
                        call(app, &method.to_uppercase(), &fill(path, "diadem", &mine), role, "diadem", body.as_ref())
                            .await;
                    let denied = status == 401 || status == 403;
                    if expect_allowed == denied
                        || (!expect_allowed && role == "anonymous" && status != 401 && tenant_route)
                    {
                        failures.push(format!(
                            "{name}: {op} as {role} in own tenant: {status} (allowed: {expect_allowed}) {text}"
                        ));
                    }
                    if text.contains("MARKER-fecong") {
                        failures.push(format!("{name}: {op} as {role} (DIADEM) leaked FECONG data"));
                    }
                    if tenant_route && role != "programme_admin" && role != "anonymous" {
                        let (status, text) = call(
                            app,
                            &method.to_uppercase(),
                            &fill(path, "fecong", &theirs),
                            role,
                            "diadem",
                            body.as_ref(),
                        )
                        .await;
                        if status != 403 || text.contains("MARKER-fecong") {
                            failures.push(format!("{name}: {op} as DIADEM {role} on FECONG's route: {status}"));
                        }
                    }
                    if has_object && role != "anonymous" {
                        let mut cross = theirs.clone();
                        cross.ids.insert("diaspora", mine.ids["diaspora"].clone());
                        let (status, text) = call(
                            app,
                            &method.to_uppercase(),
                            &fill(path, "diadem", &cross),
                            role,
                            "diadem",
                            body.as_ref(),
                        )
                        .await;
                        // (The public verification route answers any genuine code: skipped.)
                        let scoped = path.starts_with("/v1/tenants");
                        if scoped && ((200..300).contains(&status) || text.contains("MARKER-fecong")) {
                            failures.push(format!("{name}: {op} as DIADEM {role} with FECONG ids: {status} {text}"));
                        }
                    }
                }
            }
        }
        for row in rows.keys() {
            if !documented.contains(row) {
                failures.push(format!("{name}: matrix row `{row}` is not in the contract"));
            }
        }
    }
    // FECONG's objects are untouched by all of the above.
    let c = token(&["fecong"], &["coordinator"]);
    let org = json(
        registry
            .get(&format!("/v1/tenants/fecong/organisations/{}", theirs.ids["organisation"]), &c)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(org["name"], "MARKER-fecong locale");
    assert_eq!(org["version"], 1);
    let person = json(
        training
            .get(
                &format!(
                    "/v1/tenants/fecong/trainings/{}/participants/{}",
                    theirs.ids["training"], theirs.ids["participant"]
                ),
                &c,
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(person["full_name"], "MARKER-fecong person");
    assert!(failures.is_empty(), "{} authorization failures:\n{}", failures.len(), failures.join("\n"));
}
