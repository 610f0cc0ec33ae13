//! One person across trainings: found by email or phone, or linked by hand, with
//! their trainings and certificates listed together.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, token, TestApp};
use serde_json::{json, Value};

async fn enrolled(app: &TestApp, training: &str, body: Value) -> String {
    let res = enrol(app, "paips", training, &body).await;
    assert_eq!(res.status(), 201);
    json(res).await["id"].as_str().unwrap().to_string()
}

fn person_url(training: &str, participant: &str) -> String {
    format!("{}/{training}/participants/{participant}/person", trainings("paips"))
}

#[tokio::test]
async fn a_person_is_one_across_trainings_by_email_or_by_a_link_made_by_hand() {
    let s = system().await;
    let app = &s.training;
    let first =
        create_training(app, "paips", &training_body("Gouvernance", "Abidjan", "CI", "2021-08-02", "2021-08-03")).await;
    let second =
        create_training(app, "paips", &training_body("Nexus", "Bouaké", "CI", "2022-02-07", "2022-02-08")).await;
    let (t1, t2) = (first["id"].as_str().unwrap(), second["id"].as_str().unwrap());
    let awa1 = enrolled(
        app,
        t1,
        json!({"full_name": "Awa Koné", "sex": "female", "mode": "on_site", "email": "awa@example.org"}),
    )
    .await;
    let awa2 = enrolled(
        app,
        t2,
        json!({"full_name": "Awa Kone", "sex": "female", "mode": "online", "email": "AWA@example.org"}),
    )
    .await;
    let moussa1 = enrolled(
        app,
        t1,
        json!({"full_name": "Moussa Traoré", "sex": "male", "mode": "online", "phone": "+225 07 00 00 00 01"}),
    )
    .await;
    let moussa2 = enrolled(app, t2, json!({"full_name": "Moussa Traoré", "sex": "male", "mode": "online"})).await;
    for day in ["2021-08-02", "2021-08-03"] {
        let url = format!("{}/{t1}/days/{day}/attendance", trainings("paips"));
        assert_eq!(
            app.put(&url, &coordinator("paips"), &json!({"default": "present"})).send().await.unwrap().status(),
            200
        );
    }
    let issued = json(
        app.post(&format!("{}/{t1}/certificates", trainings("paips")), &coordinator("paips"), &json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let code_of = |p: &str| {
        issued["issued"].as_array().unwrap().iter().find(|c| c["participant_id"] == p).map(|c| c["code"].clone())
    };

    let awa = json(app.get(&person_url(t2, &awa2), &coordinator("paips")).send().await.unwrap()).await;
    let ids: Vec<&str> =
        awa["trainings"].as_array().unwrap().iter().map(|t| t["participant_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![awa1.as_str(), awa2.as_str()], "by email, whatever its case, earliest training first");
    assert_eq!(awa["trainings"][0]["certificate"], code_of(&awa1).unwrap());
    assert_eq!(awa["trainings"][1]["certificate"], Value::Null);
    assert_eq!(awa["full_name"], "Awa Kone", "the latest enrolment's name");

    // Moussa gave no contact the second time: two people until linked by hand.
    let moussa = json(app.get(&person_url(t2, &moussa2), &coordinator("paips")).send().await.unwrap()).await;
    assert_eq!(moussa["trainings"].as_array().unwrap().len(), 1);
    let link = |role: &str, other: &str| {
        app.post(&person_url(t2, &moussa2), &token(&["paips"], &[role]), &json!({"participant_id": other})).send()
    };
    assert_problem(link("trainer", &moussa1).await.unwrap(), 403, "forbidden").await;
    assert_problem(link("coordinator", "no-such-enrolment").await.unwrap(), 422, "validation_failed").await;
    assert_eq!(json(link("coordinator", &moussa1).await.unwrap()).await["enrolments"], 2);
    let moussa = json(app.get(&person_url(t1, &moussa1), &coordinator("paips")).send().await.unwrap()).await;
    assert_eq!(moussa["trainings"].as_array().unwrap().len(), 2);

    // Their personal data is theirs as one person: both enrolments.
    let data_url = format!("{}/{t2}/participants/{moussa2}/personal-data", trainings("paips"));
    let data = json(app.get(&data_url, &token(&["paips"], &["tenant_admin"])).send().await.unwrap()).await;
    assert_eq!(data["participants"].as_array().unwrap().len(), 2);
    // Awa is not Moussa.
    let awa = json(app.get(&person_url(t1, &awa1), &coordinator("paips")).send().await.unwrap()).await;
    assert_eq!(awa["trainings"].as_array().unwrap().len(), 2);
}
