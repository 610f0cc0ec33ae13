//! Concurrent writes to every service, on whichever engine the suite runs (the
//! SQLite default included): 200 creates from 16 clients are all answered 201 and
//! all listed afterwards.

use futures_util::StreamExt;
use modal_testkit::{json, spawn_system, token, TestApp};
use serde_json::{json, Value};

/// Where a service creates its main record, and a body for the `i`th one.
fn create(service: &str, i: usize) -> (&'static str, Value) {
    match service {
        "registry" => ("organisations", json!({"kind": "other", "name": format!("Organisation {i}"), "country": "SN"})),
        "training" => (
            "trainings",
            json!({"title": format!("Formation {i}"), "city": "Thiès", "country": "SN",
                "start_date": "2021-08-02", "end_date": "2021-08-03", "format": "online"}),
        ),
        "funding" => (
            "calls",
            json!({"title": format!("Appel {i}"), "description": "Microprojets", "currency": "XOF",
                "opens_at": "2021-07-01T00:00:00Z", "closes_at": "2021-09-30T00:00:00Z",
                "envelope": 50_000_000, "min_grant": 1_000_000, "max_grant": 10_000_000,
                "criteria": [{"key": "relevance", "name": "Pertinence", "weight": 1, "lens": "content"}]}),
        ),
        "reporting" => (
            "outcomes",
            json!({"kind": "space_for_dialogue", "title": format!("Cadre de concertation {i}"), "occurred_on": "2021-09-15"}),
        ),
        other => panic!("no create for {other}: add one here"),
    }
}

async fn count(app: &TestApp, collection: &str, token: &str) -> usize {
    let (mut seen, mut next) = (0, Some(format!("/v1/tenants/diadem/{collection}?limit=200")));
    while let Some(page) = next {
        let body = json(app.get(&page, token).send().await.unwrap()).await;
        seen += body["items"].as_array().unwrap().len();
        next = body["next"].as_str().map(str::to_string);
    }
    seen
}

#[tokio::test]
async fn two_hundred_creates_from_sixteen_clients_reach_every_service() {
    let apps = spawn_system(modal::services()).await;
    let t = token(&["diadem"], &["coordinator"]);
    for (def, app) in modal::services().iter().zip(&apps) {
        let collection = create(def.name, 0).0;
        let url = format!("/v1/tenants/diadem/{collection}");
        let creates = (0..200).map(|i| app.post(&url, &t, &create(def.name, i).1).send());
        let statuses: Vec<u16> = futures_util::stream::iter(creates)
            .buffer_unordered(16)
            .map(|r| r.unwrap().status().as_u16())
            .collect()
            .await;
        let failed: Vec<&u16> = statuses.iter().filter(|s| **s != 201).collect();
        assert!(failed.is_empty(), "{}: {} of 200 not created: {failed:?}", def.name, failed.len());
        assert_eq!(count(app, collection, &t).await, 200, "{}", def.name);
    }
}
