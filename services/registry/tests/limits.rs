//! Limits: a per-tenant request budget, and tenants interleaved at concurrency.

mod common;

use common::*;
use futures_util::StreamExt;
use modal_testkit::{assert_problem, json, spawn_with};

#[tokio::test]
async fn a_tenant_past_its_budget_gets_429_with_retry_after_and_others_are_unaffected() {
    let app = spawn_with(modal_registry::service(), |s| s.tenant_requests_per_minute = 5).await;
    for _ in 0..5 {
        assert_eq!(app.get(&orgs("diadem"), &coordinator("diadem")).send().await.unwrap().status(), 200);
    }
    let refused = app.get(&orgs("diadem"), &coordinator("diadem")).send().await.unwrap();
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_problem(refused, 429, "rate_limited").await;
    assert_eq!(app.get(&orgs("fecong"), &coordinator("fecong")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn ten_thousand_interleaved_requests_from_four_tenants_see_only_their_own_rows() {
    let app = spawn_with(modal_registry::service(), |s| s.max_connections = 4).await;
    let tenants = ["diadem", "fecong", "paips", "adept-morocco"];
    let mut ids = Vec::new();
    for t in tenants {
        for i in 0..3 {
            let org = create(&app, t, &local_association(&format!("{t} org {i}"), "SN")).await;
            ids.push((t, org["id"].as_str().unwrap().to_string()));
        }
    }
    let tokens: Vec<String> = tenants.iter().map(|t| coordinator(t)).collect();
    let requests = (0..10_000).map(|i| {
        let k = i % 4;
        let (tenant, token) = (tenants[k], tokens[k].clone());
        let path = if i % 2 == 0 { orgs(tenant) } else { format!("{}/{}", orgs(tenant), ids[k * 3 + i % 3].1) };
        let req = app.get(&path, &token);
        async move { (tenant, json(req.send().await.unwrap()).await) }
    });
    let mut foreign = 0;
    let mut answered = 0;
    let mut stream = futures_util::stream::iter(requests).buffer_unordered(32);
    while let Some((tenant, body)) = stream.next().await {
        let rows = body["items"].as_array().cloned().unwrap_or_else(|| vec![body.clone()]);
        assert!(!rows.is_empty());
        foreign += rows.iter().filter(|r| r["tenant"] != tenant).count();
        answered += 1;
    }
    assert_eq!(answered, 10_000);
    assert_eq!(foreign, 0, "rows of another tenant were answered");
}
