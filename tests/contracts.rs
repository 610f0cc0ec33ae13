//! The contracts in `openapi/` are the ones the code serves, in both directions:
//! every operation in them is routed, and nothing is routed that they do not
//! document. Regenerate after a change with `cargo run -- openapi`.
//!
//! Routes are registered only through the kit's `ServiceConfig::service`, which
//! documents what it routes; these tests check the outcome from outside, over
//! HTTP: each documented operation answers (never `route_not_found`, never 405),
//! each other method on a documented path is 405, and a segment added to a
//! documented path is an unknown route.

use modal_testkit::{spawn_system, token, TestApp};
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

#[test]
fn committed_contracts_match_the_code() {
    for def in modal::services() {
        let path = format!("{}/openapi/{}.json", env!("CARGO_MANIFEST_DIR"), def.name);
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let generated = def.openapi().to_pretty_json().unwrap() + "\n";
        assert!(
            committed == generated,
            "{path} is out of date with the code: run `cargo run -- openapi` and commit the result"
        );
    }
}

#[test]
fn operation_ids_are_unique_in_each_contract_and_read_as_client_methods() {
    for def in modal::services() {
        let contract = serde_json::to_value(def.openapi()).unwrap();
        let mut seen = BTreeSet::new();
        for item in contract["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                let id = op["operationId"].as_str().expect("an operationId").to_string();
                assert!(!id.contains('_'), "{}: {id} is not camelCase", def.name);
                assert!(seen.insert(id.clone()), "{}: operationId {id} is used twice", def.name);
            }
        }
    }
}

#[test]
fn every_reference_in_a_contract_points_at_a_component_it_defines() {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|child| refs(child, out));
            }
            Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    for def in modal::services() {
        let contract = serde_json::to_value(def.openapi()).unwrap();
        let mut found = Vec::new();
        refs(&contract, &mut found);
        let dangling: BTreeSet<_> = found
            .iter()
            .filter(|r| {
                let pointer = r.strip_prefix('#').unwrap_or(r);
                contract.pointer(pointer).is_none()
            })
            .collect();
        assert!(dangling.is_empty(), "{}: unresolvable references {dangling:?}", def.name);
    }
}

fn concrete(path: &str) -> String {
    path.replace("{tenant}", "diadem")
        .replace("{id}", "00000000-0000-0000-0000-000000000000")
        .replace("{participant}", "p")
        .replace("{certificate}", "c")
        .replace("{day}", "2021-08-02")
        .replace("{code}", "ABCDE-FGHJK-MNPQR-STVWX")
}

async fn call(app: &TestApp, method: &str, url: &str) -> (u16, Value) {
    let admin = token(&["diadem"], &["tenant_admin"]);
    let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let res = app.http.request(m, app.url(url)).bearer_auth(&admin).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_nothing_else_is() {
    let apps = spawn_system(modal::services()).await;
    for (def, app) in modal::services().into_iter().zip(&apps) {
        let contract = serde_json::to_value(def.openapi()).unwrap();
        let name = def.name;
        let paths = contract["paths"].as_object().unwrap();
        for (path, item) in paths {
            let url = concrete(path);
            let ops = item.as_object().unwrap();
            for method in METHODS {
                let (status, body) = call(app, method, &url).await;
                let Some(op) = ops.get(method) else {
                    // (`PUT …/organisations/duplicates` is `PUT …/organisations/{id}`.)
                    let another =
                        paths.iter().any(|(p, i)| p != path && i.get(method).is_some() && is_instance(p, &url));
                    assert!(status == 405 || another, "{name} {method} {path} is served but not documented");
                    continue;
                };
                let responses = op["responses"].as_object().unwrap();
                for (code, r) in responses {
                    assert!(
                        r["description"].as_str().is_some_and(|d| !d.is_empty()),
                        "{name} {method} {path} {code}: no description"
                    );
                }
                assert_ne!(body["code"], "route_not_found", "{name} {method} {path} is documented but not routed");
                assert_ne!(status, 405, "{name} {method} {path} is documented but not routed");
                assert!(
                    responses.contains_key(&status.to_string()),
                    "{name} {method} {path} answered {status}, which its contract does not document"
                );
            }
            let below = format!("{url}/undocumented");
            if !paths.keys().any(|p| is_instance(p, &below)) {
                let (status, body) = call(app, "get", &below).await;
                assert_eq!((status, body["code"].as_str()), (404, Some("route_not_found")), "{name} serves {below}");
            }
        }
    }
}

/// Whether the concrete `url` is an instance of the templated `path`.
fn is_instance(path: &str, url: &str) -> bool {
    let (p, u): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), url.split('/').collect());
    p.len() == u.len() && p.iter().zip(&u).all(|(a, b)| a.starts_with('{') || a == b)
}

/// Money is never a float: no schema in any contract is a `number` (a JSON
/// float); amounts are `integer` minor units with `int64` format.
#[test]
fn no_contract_types_anything_as_a_float_and_amounts_are_64_bit_integers() {
    fn walk(v: &Value, at: &str, found: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if map
                    .get("type")
                    .is_some_and(|t| t == "number" || t.as_array().is_some_and(|a| a.contains(&"number".into())))
                {
                    found.push(format!("{at}: type number"));
                }
                for (k, child) in map {
                    if ["amount", "envelope", "requested", "paid", "remaining", "unit_cost"].contains(&k.as_str())
                        && child.get("type").is_some_and(|t| t == "integer")
                        && child["format"] != "int64"
                    {
                        found.push(format!("{at}.{k}: an amount that is not int64"));
                    }
                    walk(child, &format!("{at}.{k}"), found);
                }
            }
            Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| walk(x, &format!("{at}[{i}]"), found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for def in modal::services() {
        walk(&serde_json::to_value(def.openapi()).unwrap(), def.name, &mut found);
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    let funding = serde_json::to_value(modal_funding::service().openapi()).unwrap();
    let amount = &funding["components"]["schemas"]["PaymentInput"]["properties"]["amount"];
    assert_eq!((amount["type"].as_str(), amount["format"].as_str()), (Some("integer"), Some("int64")));
}
