//! Bad input and other tenants' ids: clear 4xx, nothing changed.

mod common;

use common::*;
use modal_testkit::{assert_problem, json};
use serde_json::json;

#[tokio::test]
async fn impossible_trainings_are_refused() {
    let sys = system().await;
    let t = coordinator("diadem");
    let end_before_start = training_body("X", "Thiès", "SN", "2021-08-06", "2021-08-02");
    let problem = assert_problem(
        sys.training.post(&trainings("diadem"), &t, &end_before_start).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "before_start");
    let mut online_with_seats = training_body("X", "Thiès", "SN", "2021-08-02", "2021-08-06");
    online_with_seats["format"] = json!("online");
    assert_problem(
        sys.training.post(&trainings("diadem"), &t, &online_with_seats).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    let bad_date = json!({"title": "X", "city": "Thiès", "country": "SN", "start_date": "2021-02-30", "end_date": "2021-03-01", "format": "hybrid"});
    assert_problem(
        sys.training.post(&trainings("diadem"), &t, &bad_date).send().await.unwrap(),
        400,
        "malformed_request",
    )
    .await;
    let mut huge = training_body("X", "Thiès", "SN", "2021-08-02", "2021-08-06");
    huge["modules"] = json!(vec!["m".repeat(1000); 100]);
    assert_problem(sys.training.post(&trainings("diadem"), &t, &huge).send().await.unwrap(), 413, "payload_too_large")
        .await;
    let list = json(sys.training.get(&trainings("diadem"), &t).send().await.unwrap()).await;
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn attendance_outside_the_training_or_for_strangers_is_refused() {
    let sys = system().await;
    let t =
        create_training(&sys.training, "diadem", &training_body("X", "Thiès", "SN", "2021-08-02", "2021-08-06")).await;
    let tid = t["id"].as_str().unwrap();
    let c = coordinator("diadem");
    let outside = sys
        .training
        .put(&format!("{}/{tid}/days/2021-08-09/attendance", trainings("diadem")), &c, &json!({"default": "present"}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(outside, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "day_outside_training");
    let not_a_date = sys
        .training
        .put(&format!("{}/{tid}/days/yesterday/attendance", trainings("diadem")), &c, &json!({}))
        .send()
        .await
        .unwrap();
    assert_problem(not_a_date, 400, "malformed_request").await;
    let stranger = sys
        .training
        .put(
            &format!("{}/{tid}/days/2021-08-02/attendance", trainings("diadem")),
            &c,
            &json!({"marks": [{"participant_id": "someone", "status": "present"}]}),
        )
        .send()
        .await
        .unwrap();
    assert_problem(stranger, 422, "validation_failed").await;
}

#[tokio::test]
async fn another_tenants_training_is_not_found_and_theirs_is_untouched() {
    let sys = system().await;
    let theirs = create_training(
        &sys.training,
        "diadem",
        &training_body("DIADEM-MARKER", "Thiès", "SN", "2021-08-02", "2021-08-06"),
    )
    .await;
    let tid = theirs["id"].as_str().unwrap();
    let c = coordinator("fecong");
    for path in [
        format!("{}/{tid}", trainings("fecong")),
        format!("{}/{tid}/participants", trainings("fecong")),
        format!("{}/{tid}/attendance", trainings("fecong")),
    ] {
        let body = assert_problem(sys.training.get(&path, &c).send().await.unwrap(), 404, "not_found").await;
        assert!(!body.to_string().contains("DIADEM-MARKER"));
    }
    let res = enrol(&sys.training, "fecong", tid, &person("Intrus", "male", "online", None)).await;
    assert_problem(res, 404, "not_found").await;
    let res = sys
        .training
        .put(&format!("{}/{tid}/days/2021-08-02/attendance", trainings("fecong")), &c, &json!({"default": "absent"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let direct = sys.training.get(&format!("{}/{tid}", trainings("diadem")), &c).send().await.unwrap();
    assert_problem(direct, 403, "forbidden").await;
}
