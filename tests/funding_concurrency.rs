//! Funding's counted rules under concurrency, over real HTTP, on either database:
//! one key pays once however often and however concurrently it is sent;
//! concurrent payments never pay beyond what remains; concurrent selections never
//! pass the envelope; one application gets one grant. And each step of a
//! disbursement is made by its role.

mod common;

use common::funding::flow;
use futures_util::future::join_all;
use modal_testkit::{assert_problem, json, spawn_system};
use serde_json::{json, Value};

#[tokio::test]
async fn one_idempotency_key_sent_50_times_at_once_then_100_times_pays_exactly_once() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let grant = f.funded("Jappo Thiès", 5_000_000).await;
    let grant_id = grant["id"].as_str().unwrap();
    let request = f.approved_request(grant_id, 1, None).await;

    let answers = join_all((0..50).map(|_| f.pay(&request, "pay-once", 1_000_000).send())).await;
    let mut ids = Vec::new();
    for res in answers {
        let res = res.unwrap();
        let status = res.status().as_u16();
        let body = json(res).await;
        match status {
            201 => ids.push(body["id"].as_str().unwrap().to_string()),
            409 => assert_eq!(body["code"], "conflict", "the first is still running: {body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert!(!ids.is_empty());
    for _ in 0..100 {
        let res = f.pay(&request, "pay-once", 1_000_000).send().await.unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(res.headers()["idempotent-replayed"], "true");
        ids.push(json(res).await["id"].as_str().unwrap().to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one payment, answered again: {ids:?}");
    let requests = f.get(&f.coord, &format!("/grants/{grant_id}/disbursements")).await;
    assert_eq!(requests[0]["payments"].as_array().unwrap().len(), 1);
    assert_eq!(requests[0]["paid"], 1_000_000);
}

#[tokio::test]
async fn twenty_concurrent_payments_never_pay_beyond_what_remains_of_the_tranche() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    // Five rounds, each on its own grant: an overlap is a matter of timing, and
    // each round is another chance for one to show.
    for round in 0..5 {
        let grant = f.funded(&format!("Association {round}"), 5_000_000).await;
        let grant_id = grant["id"].as_str().unwrap();
        // Tranche 1 is 3 000 000: one payment of 2 000 000 fits, no second. All
        // twenty arrive together, so without the grant's lock the first ones overlap.
        let request = f.approved_request(grant_id, 1, None).await;
        let keys: Vec<String> = (0..20).map(|i| format!("r{round}-k{i}")).collect();
        let answers = join_all(keys.iter().map(|k| f.pay(&request, k, 2_000_000).send())).await;
        let (mut paid, mut refused) = (0, 0);
        for res in answers {
            let res = res.unwrap();
            match res.status().as_u16() {
                201 => paid += 1,
                422 => {
                    let body: Value = json(res).await;
                    assert_eq!(body["errors"][0]["code"], "beyond_remainder", "{body}");
                    refused += 1;
                }
                other => panic!("{other}: {}", json(res).await),
            }
        }
        assert_eq!((paid, refused), (1, 19), "round {round}");
        let grant = f.get(&f.coord, &format!("/grants/{grant_id}")).await;
        assert_eq!(grant["tranches"][0]["paid"], 2_000_000);
        assert_eq!(grant["tranches"][0]["remaining"], 1_000_000);
        assert_eq!(grant["paid"], 2_000_000);
    }
}

#[tokio::test]
async fn each_step_of_a_disbursement_is_made_by_its_role() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let grant = f.funded("Ndiambour", 2_000_000).await;
    let grant_id = grant["id"].as_str().unwrap();
    let d =
        f.post(&f.coord, &format!("/grants/{grant_id}/tranches/1/disbursements"), json!({"amount": 1_000_000})).await;
    let id = d["id"].as_str().unwrap();
    // Not paid before it is approved; whoever asked does not approve.
    assert_problem(f.pay(id, "early", 1_000_000).send().await.unwrap(), 409, "conflict").await;
    let own =
        f.funding.post(&f.path(&format!("/disbursements/{id}/approval")), &f.coord, &json!({})).send().await.unwrap();
    assert_problem(own, 403, "forbidden").await;
    f.post(&f.admin, &format!("/disbursements/{id}/approval"), json!({})).await;
    // A payment needs its key; a coordinator does not pay.
    let body = json!({"amount": 1_000_000, "paid_on": "2021-09-20", "reference": "VIR-1"});
    let keyless =
        f.funding.post(&f.path(&format!("/disbursements/{id}/payments")), &f.admin, &body).send().await.unwrap();
    assert_problem(keyless, 400, "idempotency_key_required").await;
    let by_coordinator = f
        .funding
        .post(&f.path(&format!("/disbursements/{id}/payments")), &f.coord, &body)
        .header("Idempotency-Key", "c")
        .send()
        .await
        .unwrap();
    assert_problem(by_coordinator, 403, "forbidden").await;
    // More than the request is refused, and so is a payment dated after today (it
    // would count in a period that has not happened); the request paid in full is done.
    assert_problem(f.pay(id, "too-much", 1_000_001).send().await.unwrap(), 422, "validation_failed").await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    let future = json!({"amount": 1_000_000, "paid_on": tomorrow, "reference": "VIR-2"});
    let future = f.funding.post(&f.path(&format!("/disbursements/{id}/payments")), &f.admin, &future);
    let refused =
        assert_problem(future.header("Idempotency-Key", "future").send().await.unwrap(), 422, "validation_failed")
            .await;
    assert_eq!(refused["errors"][0]["field"], "paid_on");
    assert_eq!(f.pay(id, "right", 1_000_000).send().await.unwrap().status(), 201);
    let requests = f.get(&f.coord, &format!("/grants/{grant_id}/disbursements")).await;
    assert_eq!(requests[0]["status"], "paid");
    assert_eq!(requests[0]["approved_by"], "admin");
}

#[tokio::test]
async fn concurrent_selections_never_commit_beyond_the_envelope() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (loc, dia) = f.pair("Jappo Thiès").await;
    // Three rounds, each a call whose envelope holds one of twelve applications of
    // 1 000 000 under review; the twelve decisions arrive together, so without the
    // call's lock the first ones overlap.
    for round in 0..3 {
        let call = f.open_call(1_000_000, json!({})).await;
        let call = call["id"].as_str().unwrap();
        let mut ids = Vec::new();
        for i in 0..12 {
            let app = f.submitted(call, &loc, &dia, &format!("Projet {round}-{i}"), 1_000_000).await;
            f.eligible(&app).await;
            f.post(&f.coord, &format!("/applications/{app}/transitions"), json!({"to": "under_review"})).await;
            ids.push(app);
        }
        let decide = |id: &String| {
            let body = json!({"decisions": [{"application_id": id, "outcome": "selected", "reason": "Retenu."}]});
            f.funding.post(&f.path(&format!("/calls/{call}/decisions")), &f.coord, &body).send()
        };
        let answers = join_all(ids.iter().map(decide)).await;
        let mut statuses: Vec<u16> = answers.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
        statuses.sort();
        assert_eq!(statuses, [200, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422], "round {round}");
        let summary = f.get(&f.coord, &format!("/calls/{call}/summary")).await;
        assert_eq!(summary["committed"], 1_000_000);
    }
}

#[tokio::test]
async fn ten_concurrent_grants_for_one_application_make_exactly_one() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (loc, dia) = f.pair("Jappo Thiès").await;
    let call = f.open_call(10_000_000, json!({})).await;
    let call = call["id"].as_str().unwrap();
    let app = f.submitted(call, &loc, &dia, "Maraîchage", 2_000_000).await;
    f.eligible(&app).await;
    f.post(&f.coord, &format!("/applications/{app}/transitions"), json!({"to": "under_review"})).await;
    let decision = json!({"decisions": [{"application_id": app, "outcome": "selected", "reason": "Retenu."}]});
    f.post(&f.coord, &format!("/calls/{call}/decisions"), decision).await;
    let body = json!({"starts_on": "2021-09-01", "ends_on": "2022-08-31",
        "tranches": [{"amount": 2_000_000, "condition": "Signature", "due_on": "2021-09-15"}]});
    let path = f.path(&format!("/applications/{app}/grant"));
    let answers = join_all((0..10).map(|_| f.funding.post(&path, &f.coord, &body).send())).await;
    let mut statuses: Vec<u16> = answers.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    assert_eq!(f.get(&f.coord, &format!("/grants?application_id={app}")).await["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn reviews_submitted_together_are_all_counted_in_the_ranking() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (loc, dia) = f.pair("Jappo Thiès").await;
    let call = f.open_call(10_000_000, json!({})).await;
    let call = call["id"].as_str().unwrap();
    // Three rounds, each an application with twenty-four reviewers submitting at once.
    for round in 0..3 {
        let app = f.submitted(call, &loc, &dia, &format!("Projet {round}"), 2_000_000).await;
        f.eligible(&app).await;
        // Twelve reviewers per lens, scoring 1 to 5 (relevance) or 2 (budget).
        let mut ready = Vec::new();
        for i in 0..24 {
            let (lens, criterion, score) =
                if i % 2 == 0 { ("content", "relevance", 1 + (i / 2) % 5) } else { ("financial", "budget", 2) };
            let reviewer = format!("reviewer-{round}-{i}");
            let review = f
                .post(&f.coord, &format!("/applications/{app}/reviews"), json!({"reviewer": reviewer, "lens": lens}))
                .await;
            let id = review["id"].as_str().unwrap().to_string();
            let t = modal_testkit::token_for(&reviewer, &["diadem"], &["reviewer"]);
            f.post(&t, &format!("/reviews/{id}/no-conflict"), json!({})).await;
            ready.push((
                id,
                t,
                json!({"scores": [{"criterion": criterion, "score": score}], "recommendation": "fund"}),
            ));
        }
        let send =
            |(id, t, body): &(String, String, Value)| f.funding.put(&f.path(&format!("/reviews/{id}")), t, body).send();
        let answers = join_all(ready.iter().map(send)).await;
        assert!(answers.into_iter().all(|r| r.unwrap().status() == 200));
        let summary = f.get(&f.coord, &format!("/calls/{call}/summary")).await;
        let ranked =
            summary["ranking"].as_array().unwrap().iter().find(|r| r["application_id"] == app.as_str()).unwrap();
        assert_eq!(
            (ranked["reviews"].as_i64(), ranked["recommendations"]["fund"].as_i64()),
            (Some(24), Some(24)),
            "round {round}"
        );
        // relevance: 1+2+3+4+5+1+2+3+4+5+1+2 = 33 over 12; budget 2:
        // (60 × 33 000 / 12 + 40 × 2 000) / 100 = 2 450.
        assert_eq!(ranked["weighted_score_millis"], 2450, "round {round}");
    }
}
