//! What every service gets from the kit, checked on registry: probes, metrics,
//! docs, request and trace ids, problem answers for unknown routes and methods.

mod common;

use common::*;
use modal_testkit::{assert_problem, json};

#[tokio::test]
async fn probes_metrics_contract_and_docs_answer_without_a_token() {
    let app = registry().await;
    assert_eq!(json(app.http.get(app.url("/healthz")).send().await.unwrap()).await["status"], "ok");
    assert_eq!(json(app.http.get(app.url("/readyz")).send().await.unwrap()).await["status"], "ready");
    let contract = json(app.http.get(app.url("/openapi.json")).send().await.unwrap()).await;
    assert!(contract["paths"]["/v1/tenants/{tenant}/organisations"]["post"].is_object());
    let docs = app.http.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));

    app.get(&orgs("diadem"), &coordinator("diadem")).send().await.unwrap();
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(r#"http_requests_total{method="GET",route="/v1/tenants/{tenant}/organisations",status="200",service="registry"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn unknown_routes_and_undeclared_methods_are_problems() {
    let app = registry().await;
    let res = app.http.get(app.url("/nowhere")).send().await.unwrap();
    assert_problem(res, 404, "route_not_found").await;
    let res = app.http.patch(app.url(&orgs("diadem"))).bearer_auth(coordinator("diadem")).send().await.unwrap();
    assert!(res.headers()["allow"].to_str().unwrap().contains("POST"));
    assert_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_w3c_traceparent_is_continued_and_every_answer_names_its_request() {
    let app = registry().await;
    let res = app
        .get(&orgs("diadem"), &coordinator("diadem"))
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-trace-id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!request_id.is_empty());

    let problem = app.get(&format!("{}/unknown-id", orgs("diadem")), &coordinator("diadem")).send().await.unwrap();
    let id_header = problem.headers()["x-request-id"].to_str().unwrap().to_string();
    let body = assert_problem(problem, 404, "not_found").await;
    assert_eq!(body["request_id"], id_header);
    assert_eq!(body["instance"], format!("{}/unknown-id", orgs("diadem")));
}
