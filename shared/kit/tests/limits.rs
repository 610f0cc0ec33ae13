//! Limits: a per-tenant request budget, tenants interleaved at concurrency, and
//! concurrent writes on the embedded default.

mod notes;

use futures_util::StreamExt;
use modal_testkit::{assert_problem, json, spawn, spawn_with};
use notes::{coordinator, notes_of};
use serde_json::json;

#[tokio::test]
async fn a_tenant_past_its_budget_gets_429_with_retry_after_and_others_are_unaffected() {
    let app = spawn_with(notes::service(), |s| s.tenant_requests_per_minute = 5).await;
    for _ in 0..5 {
        assert_eq!(app.get(&notes_of("diadem"), &coordinator("diadem")).send().await.unwrap().status(), 200);
    }
    let refused = app.get(&notes_of("diadem"), &coordinator("diadem")).send().await.unwrap();
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_problem(refused, 429, "rate_limited").await;
    assert_eq!(app.get(&notes_of("fecong"), &coordinator("fecong")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn ten_thousand_interleaved_requests_from_four_tenants_see_only_their_own_rows() {
    let app = spawn_with(notes::service(), |s| s.max_connections = 4).await;
    let tenants = ["diadem", "fecong", "paips", "adept-morocco"];
    let mut ids = Vec::new();
    for t in tenants {
        for i in 0..3 {
            let res =
                app.post(&notes_of(t), &coordinator(t), &json!({"text": format!("{t} {i}")})).send().await.unwrap();
            ids.push(json(res).await["id"].as_str().unwrap().to_string());
        }
    }
    let tokens: Vec<String> = tenants.iter().map(|t| coordinator(t)).collect();
    let requests = (0..10_000).map(|i| {
        let k = i % 4;
        let (tenant, token) = (tenants[k], tokens[k].clone());
        let path = if i % 2 == 0 { notes_of(tenant) } else { format!("{}/{}", notes_of(tenant), ids[k * 3 + i % 3]) };
        let req = app.get(&path, &token);
        async move { (tenant, json(req.send().await.unwrap()).await) }
    });
    let (mut foreign, mut answered) = (0, 0);
    let mut stream = futures_util::stream::iter(requests).buffer_unordered(32);
    while let Some((tenant, body)) = stream.next().await {
        let rows = body["items"].as_array().cloned().unwrap_or_else(|| vec![body.clone()]);
        assert!(!rows.is_empty(), "{body}");
        foreign += rows.iter().filter(|r| r["tenant"] != tenant).count();
        answered += 1;
    }
    assert_eq!(answered, 10_000);
    assert_eq!(foreign, 0, "rows of another tenant were answered");
}

#[tokio::test]
async fn two_hundred_creates_from_sixteen_clients_are_all_written() {
    let app = spawn(notes::service()).await;
    let token = coordinator("diadem");
    let creates = (0..200).map(|i| app.post(&notes_of("diadem"), &token, &json!({"text": format!("n{i}")})).send());
    let statuses: Vec<u16> =
        futures_util::stream::iter(creates).buffer_unordered(16).map(|r| r.unwrap().status().as_u16()).collect().await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let mut seen = 0;
    let mut next = Some(format!("{}?limit=200", notes_of("diadem")));
    while let Some(page) = next {
        let body = json(app.get(&page, &token).send().await.unwrap()).await;
        seen += body["items"].as_array().unwrap().len();
        next = body["next"].as_str().map(str::to_string);
    }
    assert_eq!(seen, 200);
}
