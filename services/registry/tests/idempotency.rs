//! `Idempotency-Key`: a create retried any number of times, in sequence or at
//! once, creates one resource.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, token_for};

#[tokio::test]
async fn a_hundred_sequential_retries_create_one_organisation_and_replay_the_first_answer() {
    let app = registry().await;
    let t = coordinator("diadem");
    let body = local_association("Une seule fois", "SN");
    let first = app.post(&orgs("diadem"), &t, &body).header("idempotency-key", "k-1").send().await.unwrap();
    assert_eq!(first.status(), 201);
    let location = first.headers()["location"].clone();
    let first = json(first).await;
    for _ in 0..99 {
        let again = app.post(&orgs("diadem"), &t, &body).header("idempotency-key", "k-1").send().await.unwrap();
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.headers()["location"], location);
        assert_eq!(json(again).await, first);
    }
    assert_eq!(list_ids(&app, "diadem").await.len(), 1);
}

#[tokio::test]
async fn fifty_concurrent_requests_with_one_key_create_exactly_one_organisation() {
    let app = registry().await;
    let t = coordinator("diadem");
    let body = local_association("En même temps", "SN");
    let requests = (0..50).map(|_| app.post(&orgs("diadem"), &t, &body).header("idempotency-key", "same").send());
    let statuses: Vec<u16> =
        futures_util::future::join_all(requests).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert!(statuses.contains(&201));
    assert_eq!(list_ids(&app, "diadem").await.len(), 1);
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_refused_but_keys_belong_to_their_caller() {
    let app = registry().await;
    let alice = token_for("alice", &["diadem"], &["coordinator"]);
    let bob = token_for("bob", &["diadem"], &["coordinator"]);
    let ok = app
        .post(&orgs("diadem"), &alice, &local_association("A", "SN"))
        .header("idempotency-key", "k")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let other = app
        .post(&orgs("diadem"), &alice, &local_association("B", "SN"))
        .header("idempotency-key", "k")
        .send()
        .await
        .unwrap();
    assert_problem(other, 422, "validation_failed").await;
    let bobs = app
        .post(&orgs("diadem"), &bob, &local_association("B", "SN"))
        .header("idempotency-key", "k")
        .send()
        .await
        .unwrap();
    assert_eq!(bobs.status(), 201, "the same key from another caller is another request");
    assert_eq!(list_ids(&app, "diadem").await.len(), 2);
    let empty = app
        .post(&orgs("diadem"), &alice, &local_association("C", "SN"))
        .header("idempotency-key", "")
        .send()
        .await
        .unwrap();
    assert_problem(empty, 400, "malformed_request").await;
}
