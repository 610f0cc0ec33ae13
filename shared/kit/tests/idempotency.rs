//! `Idempotency-Key`: a create retried any number of times, in sequence or at
//! once, creates one record; only answers about the request itself are kept, and
//! only for a caller who may act in the tenant.

mod notes;

use modal_testkit::{assert_problem, json, spawn, spawn_with, token_for, TestApp};
use notes::{coordinator, notes_of};
use serde_json::{json, Value};

async fn count(app: &TestApp, tenant: &str) -> usize {
    let list =
        json(app.get(&format!("{}?limit=200", notes_of(tenant)), &coordinator(tenant)).send().await.unwrap()).await;
    list["items"].as_array().unwrap().len()
}

fn write(app: &TestApp, token: &str, text: &str, key: &str) -> reqwest::RequestBuilder {
    app.post(&notes_of("diadem"), token, &json!({ "text": text })).header("idempotency-key", key)
}

#[tokio::test]
async fn a_hundred_sequential_retries_create_one_note_and_replay_the_first_answer() {
    let app = spawn(notes::service()).await;
    let t = coordinator("diadem");
    let first = write(&app, &t, "Une seule fois", "k-1").send().await.unwrap();
    assert_eq!(first.status(), 201);
    let location = first.headers()["location"].clone();
    let first = json(first).await;
    for _ in 0..99 {
        let again = write(&app, &t, "Une seule fois", "k-1").send().await.unwrap();
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.headers()["location"], location);
        assert_eq!(json(again).await, first);
    }
    assert_eq!(count(&app, "diadem").await, 1);
}

#[tokio::test]
async fn fifty_concurrent_requests_with_one_key_create_exactly_one_note() {
    let app = spawn(notes::service()).await;
    let t = coordinator("diadem");
    let requests = (0..50).map(|_| write(&app, &t, "En même temps", "same").send());
    let statuses: Vec<u16> =
        futures_util::future::join_all(requests).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert!(statuses.contains(&201));
    assert_eq!(count(&app, "diadem").await, 1);
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_refused_but_keys_belong_to_their_caller() {
    let app = spawn(notes::service()).await;
    let alice = token_for("alice", &["diadem"], &["coordinator"]);
    let bob = token_for("bob", &["diadem"], &["coordinator"]);
    assert_eq!(write(&app, &alice, "A", "k").send().await.unwrap().status(), 201);
    assert_problem(write(&app, &alice, "B", "k").send().await.unwrap(), 422, "validation_failed").await;
    let bobs = write(&app, &bob, "B", "k").send().await.unwrap();
    assert_eq!(bobs.status(), 201, "the same key from another caller is another request");
    assert_eq!(count(&app, "diadem").await, 2);
    assert_problem(write(&app, &alice, "C", "").send().await.unwrap(), 400, "malformed_request").await;
}

#[tokio::test]
async fn the_query_is_part_of_the_request_a_key_stands_for() {
    let app = spawn(notes::service()).await;
    let t = coordinator("diadem");
    assert_eq!(write(&app, &t, "Doublon", "k-0").send().await.unwrap().status(), 201);
    assert_problem(write(&app, &t, "Doublon", "k-1").send().await.unwrap(), 409, "duplicate_note").await;
    // The same key, now confirming it is meant: another request, not a retry.
    let confirmed = app
        .post(&format!("{}?again=true", notes_of("diadem")), &t, &json!({"text": "Doublon"}))
        .header("idempotency-key", "k-1")
        .send()
        .await
        .unwrap();
    let body = assert_problem(confirmed, 422, "validation_failed").await;
    assert_eq!(body["reason"], "idempotency_key_reused");
}

#[tokio::test]
async fn callers_who_may_not_act_leave_nothing_behind_their_key() {
    let app = spawn(notes::service()).await;
    // Another tenant's valid token, a viewer of this tenant, a programme admin, and a
    // trainer (who writes elsewhere, but not notes): refused, and nothing kept.
    for refused in [
        token_for("eve", &["fecong"], &["coordinator"]),
        token_for("eve", &["diadem"], &["viewer"]),
        token_for("eve", &[], &["programme_admin"]),
        token_for("eve", &["diadem"], &["trainer"]),
    ] {
        let res = write(&app, &refused, "Tentative", "k-eve").send().await.unwrap();
        assert_eq!(res.status(), 403);
    }
    // A body past the route's limit: refused for its size, nothing kept either.
    let huge = "x".repeat(70_000);
    let too_large = write(&app, &coordinator("diadem"), &huge, "k-huge").send().await.unwrap();
    assert_eq!(too_large.status(), 413);
    assert_eq!(modal_kit::http::idempotency::kept(&app.db, "diadem").await.unwrap(), vec![]);
    let allowed =
        write(&app, &token_for("eve", &["diadem"], &["coordinator"]), "Tentative", "k-eve").send().await.unwrap();
    assert_eq!(allowed.status(), 201);
    assert!(allowed.headers().get("idempotent-replayed").is_none(), "a refusal was kept and replayed");
}

#[tokio::test]
async fn a_retry_after_429_runs_instead_of_replaying_the_429() {
    let app = spawn_with(notes::service(), |s| s.tenant_requests_per_minute = 1).await;
    let t = coordinator("diadem");
    assert_eq!(app.get(&notes_of("diadem"), &t).send().await.unwrap().status(), 200);
    assert_problem(write(&app, &t, "Plus tard", "k-429").send().await.unwrap(), 429, "rate_limited").await;
    let stored = modal_kit::http::idempotency::kept(&app.db, "diadem").await.unwrap();
    assert!(stored.is_empty(), "a 429 was kept: {stored:?}");
}

#[tokio::test]
async fn a_replayed_problem_speaks_the_language_the_retry_asks_for() {
    let app = spawn(notes::service()).await;
    let t = coordinator("diadem");
    assert_eq!(write(&app, &t, "Bilingue", "k-a").send().await.unwrap().status(), 201);
    let english = write(&app, &t, "Bilingue", "k-b").header("accept-language", "en").send().await.unwrap();
    assert_eq!(json(english).await["title"], "Note already written");
    let french = write(&app, &t, "Bilingue", "k-b").header("accept-language", "fr").send().await.unwrap();
    assert_eq!(french.headers()["idempotent-replayed"], "true");
    assert_eq!(french.headers()["content-language"], "fr");
    let body: Value = json(french).await;
    assert_eq!(body["title"], "Note déjà écrite");
    assert_eq!(body["code"], "duplicate_note");
}
