//! What every service gets from the kit: probes, metrics, docs, request and trace
//! ids, problem answers for unknown routes and methods, roles per tenant, and the
//! refusals at start (an unknown database URL, a role that bypasses RLS).

mod notes;

use modal_kit::config::Settings;
use modal_kit::http::build;
use modal_testkit::{assert_problem, json, spawn, token_per_tenant, SECRET};
use notes::{coordinator, notes_of};
use serde_json::json;

#[tokio::test]
async fn probes_metrics_contract_and_docs_answer_without_a_token() {
    let app = spawn(notes::service()).await;
    assert_eq!(json(app.http.get(app.url("/healthz")).send().await.unwrap()).await["status"], "ok");
    assert_eq!(json(app.http.get(app.url("/readyz")).send().await.unwrap()).await["status"], "ready");
    let contract = json(app.http.get(app.url("/openapi.json")).send().await.unwrap()).await;
    assert_eq!(contract["paths"]["/v1/tenants/{tenant}/notes"]["post"]["operationId"], "createNote");
    let docs = app.http.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));

    app.get(&notes_of("diadem"), &coordinator("diadem")).send().await.unwrap();
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(
            r#"http_requests_total{method="GET",route="/v1/tenants/{tenant}/notes",status="200",service="notes"} 1"#
        ),
        "{metrics}"
    );
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn a_person_typing_docs_without_its_slash_is_sent_to_the_docs() {
    let app = spawn(notes::service()).await;
    let no_redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = no_redirect.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(res.status(), 301);
    assert_eq!(res.headers()["location"], "/docs/");
    assert_eq!(app.http.get(app.url("/docs")).send().await.unwrap().status(), 200, "followed, the UI answers");
}

#[tokio::test]
async fn unknown_routes_and_undeclared_methods_are_problems() {
    let app = spawn(notes::service()).await;
    assert_problem(app.http.get(app.url("/nowhere")).send().await.unwrap(), 404, "route_not_found").await;
    let res = app.http.patch(app.url(&notes_of("diadem"))).bearer_auth(coordinator("diadem")).send().await.unwrap();
    assert_eq!(res.headers()["allow"], "GET, POST");
    assert_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn invented_methods_add_no_metric_series() {
    let app = spawn(notes::service()).await;
    let series = |text: &str| text.lines().filter(|l| l.starts_with("http_requests_total{")).count();
    let before = series(&app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap());
    for i in 0..1000 {
        let method = reqwest::Method::from_bytes(format!("RND{i}").as_bytes()).unwrap();
        app.http.request(method, app.url("/healthz")).send().await.unwrap();
    }
    let after = series(&app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap());
    // The metrics read itself may add its own series (GET /metrics 200): at most one more.
    assert!(after <= before + 2, "{before} series before, {after} after");
}

#[tokio::test]
async fn a_w3c_traceparent_is_continued_and_every_answer_names_its_request() {
    let app = spawn(notes::service()).await;
    let res = app
        .get(&notes_of("diadem"), &coordinator("diadem"))
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-trace-id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    assert!(!res.headers()["x-request-id"].to_str().unwrap().is_empty());
    let problem = app.get(&format!("{}/unknown-id", notes_of("diadem")), &coordinator("diadem")).send().await.unwrap();
    let id_header = problem.headers()["x-request-id"].to_str().unwrap().to_string();
    let body = assert_problem(problem, 404, "not_found").await;
    assert_eq!(body["request_id"], id_header);
    assert_eq!(body["instance"], format!("{}/unknown-id", notes_of("diadem")));
}

#[tokio::test]
async fn a_token_may_grant_different_roles_in_different_tenants() {
    let app = spawn(notes::service()).await;
    let t = token_per_tenant("amadou", &[("diadem", &["coordinator"]), ("fecong", &["viewer"])]);
    let note = json!({"text": "x"});
    assert_eq!(app.post(&notes_of("diadem"), &t, &note).send().await.unwrap().status(), 201);
    assert_problem(app.post(&notes_of("fecong"), &t, &note).send().await.unwrap(), 403, "forbidden").await;
    assert_eq!(app.get(&notes_of("fecong"), &t).send().await.unwrap().status(), 200);
    assert_problem(app.get(&notes_of("paips"), &t).send().await.unwrap(), 403, "forbidden").await;
}

#[tokio::test]
async fn a_database_url_of_an_unknown_kind_is_refused_at_start() {
    for url in ["mysql://u@h/db", "data/notes", "postgress://u@h/db"] {
        let settings = Settings::local("127.0.0.1:0", url, SECRET);
        let refused = build(notes::service(), &settings).await.err().expect("refused");
        assert!(refused.contains("unsupported database URL"), "{url}: {refused}");
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn a_database_role_that_bypasses_rls_is_refused_unless_a_trial_says_so() {
    let admin = modal_testkit::postgres_url().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let pg = tokio::task::spawn_blocking(move || modal_testkit::PgDatabase::create(&admin)).await.unwrap();
    // As the tables' owner, and as a superuser: refused, saying why.
    for (url, why) in [(&pg.owner_url, "owns the tenant tables"), (&pg.admin_url, "is a superuser")] {
        let mut settings = Settings::local("127.0.0.1:0", url, SECRET);
        settings.migration_url = pg.owner_url.clone();
        let refused = build(notes::service(), &settings).await.err().expect("refused");
        assert!(refused.contains(why) && refused.contains("MODAL_ALLOW_PRIVILEGED_DB_ROLE"), "{refused}");
    }
    let mut trial = Settings::local("127.0.0.1:0", &pg.owner_url, SECRET);
    trial.allow_privileged_db_role = true;
    assert!(build(notes::service(), &trial).await.is_ok(), "allowed for a trial");
    let mut proper = Settings::local("127.0.0.1:0", &pg.app_url, SECRET);
    proper.migration_url = pg.owner_url.clone();
    assert!(build(notes::service(), &proper).await.is_ok());
}
