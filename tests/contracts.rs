//! The contracts in `openapi/` are the ones the code serves, and every operation in
//! them is really routed. Regenerate after a change with `cargo run -- openapi`.

use modal_testkit::{spawn, token};
use serde_json::Value;

fn services() -> Vec<modal_kit::http::ServiceDef> {
    vec![modal_registry::service(), modal_training::service("http://127.0.0.1:9")]
}

#[test]
fn committed_contracts_match_the_code() {
    for def in services() {
        let path = format!("{}/openapi/{}.json", env!("CARGO_MANIFEST_DIR"), def.name);
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let generated = def.openapi.to_pretty_json().unwrap() + "\n";
        assert!(
            committed == generated,
            "{path} is out of date with the code: run `cargo run -- openapi` and commit the result"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_documents_its_answers() {
    for def in services() {
        let contract = serde_json::to_value(&def.openapi).unwrap();
        let name = def.name;
        let app = spawn(def).await;
        let admin = token(&["diadem"], &["tenant_admin"]);
        for (path, item) in contract["paths"].as_object().unwrap() {
            let url = path
                .replace("{tenant}", "diadem")
                .replace("{id}", "00000000-0000-0000-0000-000000000000")
                .replace("{participant}", "p")
                .replace("{certificate}", "c")
                .replace("{day}", "2021-08-02")
                .replace("{code}", "ABCDE-FGHJK-MNPQR-STVWX");
            for (method, op) in item.as_object().unwrap() {
                let responses = op["responses"].as_object().unwrap();
                assert!(!responses.is_empty(), "{name} {method} {path}: no responses documented");
                for (status, r) in responses {
                    assert!(
                        r["description"].as_str().is_some_and(|d| !d.is_empty()),
                        "{name} {method} {path} {status}: no description"
                    );
                }
                let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let res = app.http.request(m, app.url(&url)).bearer_auth(&admin).send().await.unwrap();
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                assert_ne!(body["code"], "route_not_found", "{name} {method} {path} is documented but not routed");
                assert_ne!(status, 405, "{name} {method} {path} is documented but not routed");
                assert!(
                    responses.contains_key(&status.to_string()),
                    "{name} {method} {path} answered {status}, which its contract does not document"
                );
            }
        }
    }
}
