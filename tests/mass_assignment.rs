//! Mass assignment: every write operation refuses fields the server owns (ids,
//! tenant, status, versions, audit fields), and writes nothing when it does.

mod common;

use common::{body_for, fill, seed};
use modal_testkit::{json, spawn_system, token};
use serde_json::Value;

const SERVER_OWNED: [&str; 8] =
    ["id", "tenant", "tenant_id", "version", "created_at", "updated_at", "created_by", "archived"];

#[tokio::test]
async fn every_write_refuses_server_owned_fields() {
    let matrix: Value = serde_json::from_str(include_str!("authorization-matrix.json")).unwrap();
    let apps = spawn_system(modal::services()).await;
    let (registry, training) = (&apps[0], &apps[1]);
    let mine = seed(registry, training, "diadem").await;
    let admin = token(&["diadem"], &["tenant_admin", "coordinator"]);
    let programme = token(&[], &["programme_admin"]);
    let mut checked = 0;
    let mut failures = Vec::new();
    for (def, app) in modal::services().iter().zip(&apps) {
        let name = def.name;
        for op in matrix[name].as_object().unwrap().keys() {
            let writes = op.starts_with("POST ") || op.starts_with("PUT ");
            let Some((Value::Object(body), "application/json")) = body_for(op, &mine).filter(|_| writes) else {
                continue;
            };
            let (method, path) = op.split_once(' ').unwrap();
            for field in SERVER_OWNED {
                let mut tampered = body.clone();
                tampered.insert(field.to_string(), Value::String("forged".into()));
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let res = app
                    .http
                    .request(m, app.url(&fill(path, "diadem", &mine)))
                    .bearer_auth(if path.starts_with("/v1/programme/") { &programme } else { &admin })
                    .header("if-match", "*")
                    .json(&tampered)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let body: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap_or(Value::Null);
                if status != 400 || body["code"] != "malformed_request" {
                    failures.push(format!("{name} {op} with `{field}`: {status} {body}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 8 * 10, "only {checked} write checks ran");
    // Nothing was written: DIADEM still has exactly its two seeded organisations.
    let list = json(registry.get("/v1/tenants/diadem/organisations", &admin).send().await.unwrap()).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
