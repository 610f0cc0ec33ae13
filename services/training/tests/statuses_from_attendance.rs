//! Participants' statuses set from the attendance marks once a training has ended,
//! with manual overrides kept unless a recomputation is asked for.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, token};
use serde_json::{json, Value};
use std::collections::BTreeMap;

async fn mark(app: &modal_testkit::TestApp, training: &str, day: &str, body: Value) {
    let url = format!("{}/{training}/days/{day}/attendance", trainings("fecong"));
    assert_eq!(app.put(&url, &coordinator("fecong"), &body).send().await.unwrap().status(), 200);
}

async fn statuses(app: &modal_testkit::TestApp, training: &str) -> BTreeMap<String, String> {
    let url = format!("{}/{training}/participants?limit=200", trainings("fecong"));
    let page = json(app.get(&url, &coordinator("fecong")).send().await.unwrap()).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["full_name"].as_str().unwrap().to_string(), p["status"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn statuses_follow_the_marks_when_the_training_ends_and_manual_overrides_stay() {
    let s = system().await;
    let app = &s.training;
    let t =
        create_training(app, "fecong", &training_body("Gouvernance", "Kayes", "ML", "2021-08-02", "2021-08-03")).await;
    let tid = t["id"].as_str().unwrap();
    let mut ids = BTreeMap::new();
    for name in ["Awa", "Binta", "Coumba", "Dado", "Eli"] {
        let p = json(enrol(app, "fecong", tid, &json!({"full_name": name, "sex": "female", "mode": "on_site"})).await)
            .await;
        ids.insert(name, p["id"].as_str().unwrap().to_string());
    }
    let participant = |name: &str| format!("{}/{tid}/participants/{}", trainings("fecong"), ids[name]);
    // Dado cancels; Eli is marked attended by hand (e.g. signed a paper sheet).
    for (name, status) in [("Dado", "cancelled"), ("Eli", "fully_attended")] {
        let body = json!({"full_name": name, "sex": "female", "mode": "on_site", "status": status});
        let res =
            app.put(&participant(name), &coordinator("fecong"), &body).header("if-match", "*").send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
    mark(app, tid, "2021-08-02", json!({"default": "present", "marks": [{"participant_id": ids["Coumba"], "status": "absent"}, {"participant_id": ids["Eli"], "status": "absent"}]})).await;
    mark(app, tid, "2021-08-03", json!({"default": "late", "marks": [{"participant_id": ids["Binta"], "status": "excused"}, {"participant_id": ids["Coumba"], "status": "absent"}, {"participant_id": ids["Eli"], "status": "absent"}]})).await;

    let url = format!("{}/{tid}/attendance/statuses", trainings("fecong"));
    let trainer = app.post(&url, &token(&["fecong"], &["trainer"]), &json!({})).send().await.unwrap();
    assert_problem(trainer, 403, "forbidden").await;
    let changed = json(app.post(&url, &coordinator("fecong"), &json!({})).send().await.unwrap()).await;
    assert_eq!(changed.as_array().unwrap().len(), 3);
    let expected = [
        ("Awa", "fully_attended"),
        ("Binta", "partly_attended"),
        ("Coumba", "no_show"),
        ("Dado", "cancelled"),
        ("Eli", "fully_attended"),
    ];
    let want: BTreeMap<String, String> = expected.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    assert_eq!(statuses(app, tid).await, want);

    // Asking again changes nothing; a recomputation overrides the hand-set status.
    let again = json(app.post(&url, &coordinator("fecong"), &json!({})).send().await.unwrap()).await;
    assert_eq!(again, json!([]));
    let recomputed =
        json(app.post(&url, &coordinator("fecong"), &json!({"recompute": true})).send().await.unwrap()).await;
    assert_eq!(recomputed, json!([{"participant_id": ids["Eli"], "from": "fully_attended", "to": "no_show"}]));
    let trail = app
        .get(&format!("/v1/tenants/fecong/audit?entity_id={}", ids["Eli"]), &token(&["fecong"], &["tenant_admin"]))
        .send()
        .await
        .unwrap();
    assert!(trail.text().await.unwrap().contains("status_from_attendance"), "the change is audited");

    // A training still to come has no outcome yet.
    let later =
        create_training(app, "fecong", &training_body("Plus tard", "Kayes", "ML", "2099-01-05", "2099-01-06")).await;
    let res = app
        .post(
            &format!("{}/{}/attendance/statuses", trainings("fecong"), later["id"].as_str().unwrap()),
            &coordinator("fecong"),
            &json!({}),
        )
        .send()
        .await
        .unwrap();
    assert_problem(res, 409, "training_not_ended").await;
}
