//! Scored duplicate candidates, "not a duplicate" decisions, and merging a
//! duplicate into the record that survives, over HTTP.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, TestApp};
use serde_json::{json, Value};

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

async fn candidates(app: &TestApp) -> Vec<(Vec<String>, u64, Value)> {
    let url = format!("{}/duplicates/candidates", orgs("diadem"));
    let found = json(app.get(&url, &coordinator("diadem")).send().await.unwrap()).await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut names: Vec<String> = c["organisations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["name"].as_str().unwrap().to_string())
                .collect();
            names.sort();
            (names, c["score"].as_u64().unwrap(), c["reasons"].clone())
        })
        .collect()
}

#[tokio::test]
async fn likely_duplicates_are_scored_and_a_decision_that_they_differ_is_remembered() {
    let app = registry().await;
    let phone = json!({"phone": "+221 77 123 45 67"});
    let a = create(&app, "diadem", &json!({"kind": "local_association", "name": "Jappo Thiès", "country": "SN", "city": "Thiès", "contacts": phone})).await;
    let b = create(&app, "diadem", &json!({"kind": "local_association", "name": "Jappo de Thiès", "country": "SN", "city": "Thies", "contacts": phone})).await;
    create(&app, "diadem", &json!({"kind": "local_association", "name": "Kawral Kayes", "country": "ML"})).await;
    create(&app, "fecong", &json!({"kind": "local_association", "name": "Jappo Thies", "country": "SN"})).await;

    let found = candidates(&app).await;
    assert_eq!(found.len(), 1, "one pair, and nothing from another tenant: {found:?}");
    let (names, score, reasons) = &found[0];
    assert_eq!(names, &vec!["Jappo Thiès".to_string(), "Jappo de Thiès".to_string()]);
    assert!(*score >= 60, "{score}");
    assert_eq!(reasons, &json!(["similar_name", "same_phone", "same_city"]));

    let url = format!("{}/{}/not-duplicate", orgs("diadem"), id(&a));
    let res = app.post(&url, &coordinator("diadem"), &json!({"other_id": id(&b)})).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert!(candidates(&app).await.is_empty(), "a pair decided distinct is not proposed again");
    let res = app.post(&url, &coordinator("diadem"), &json!({"other_id": id(&a)})).send().await.unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let out_of_range = format!("{}/duplicates/candidates?min_score=0", orgs("diadem"));
    let res = app.get(&out_of_range, &coordinator("diadem")).send().await.unwrap();
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "min_score");
}

#[tokio::test]
async fn a_merge_moves_every_link_to_the_survivor_and_the_merged_id_answers_301() {
    let app = registry().await;
    let survivor =
        create(&app, "diadem", &json!({"kind": "local_association", "name": "Jappo Thiès", "country": "SN"})).await;
    let duplicate = json!({"kind": "local_association", "name": "JAPPO - Thiès", "country": "SN",
        "registrations": [{"scheme": "ninea", "value": "005123456"}]});
    let duplicate = json(
        app.post(&format!("{}?confirm_distinct=true", orgs("diadem")), &coordinator("diadem"), &duplicate)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let diaspora = create(&app, "diadem", &diaspora("Thiès Solidarité", "FR")).await;
    let t = coordinator("diadem");
    let partnership = json!({"diaspora_organisation_id": id(&diaspora), "local_organisation_id": id(&duplicate), "kind": "twinning", "status": "active"});
    let partnership = json(app.post("/v1/tenants/diadem/partnerships", &t, &partnership).send().await.unwrap()).await;
    let people_url = format!("{}/{}/people", orgs("diadem"), id(&duplicate));
    assert_eq!(
        app.post(&people_url, &t, &json!({"full_name": "Awa Diop", "role": "president"}))
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let branch = create(&app, "diadem", &json!({"kind": "local_association", "name": "Section Mbour", "country": "SN", "parent_organisation_id": id(&duplicate)})).await;

    let merge_url = format!("{}/{}/merge", orgs("diadem"), id(&survivor));
    let body = json!({"duplicate_id": id(&duplicate)});
    assert_problem(app.post(&merge_url, &t, &body).send().await.unwrap(), 403, "forbidden").await;
    let merged = app.post(&merge_url, &admin("diadem"), &body).send().await.unwrap();
    assert_eq!(merged.status(), 200);
    let merged = json(merged).await;
    assert_eq!(merged["iati_identifier"], "SN-NINEA-005123456", "the duplicate's identifier joins the survivor");

    let moved =
        json(app.get(&format!("/v1/tenants/diadem/partnerships/{}", id(&partnership)), &t).send().await.unwrap()).await;
    assert_eq!(moved["local_organisation_id"], survivor["id"]);
    let people = json(app.get(&format!("{}/{}/people", orgs("diadem"), id(&survivor)), &t).send().await.unwrap()).await;
    assert_eq!(people["items"][0]["full_name"], "Awa Diop");
    let branch = json(app.get(&format!("{}/{}", orgs("diadem"), id(&branch)), &t).send().await.unwrap()).await;
    assert_eq!(branch["parent_organisation_id"], survivor["id"]);

    let no_redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let old = no_redirect
        .get(app.url(&format!("{}/{}", orgs("diadem"), id(&duplicate))))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 301);
    assert_eq!(old.headers()["location"], format!("/v1/tenants/diadem/organisations/{}", id(&survivor)));
    let followed = json(app.get(&format!("{}/{}", orgs("diadem"), id(&duplicate)), &t).send().await.unwrap()).await;
    assert_eq!(followed["id"], survivor["id"], "a client following redirects lands on the survivor");
    assert!(!list_ids(&app, "diadem").await.is_empty());
    let listed = json(app.get(&orgs("diadem"), &t).send().await.unwrap()).await;
    assert!(
        listed["items"].as_array().unwrap().iter().all(|o| o["id"] != duplicate["id"]),
        "the merged record is archived"
    );
    let trail = app
        .get(&format!("/v1/tenants/diadem/audit?entity_id={}", id(&survivor)), &admin("diadem"))
        .send()
        .await
        .unwrap();
    assert!(trail.text().await.unwrap().contains("\"merge\""));

    let again = app.post(&merge_url, &admin("diadem"), &body).send().await.unwrap();
    assert_problem(again, 422, "validation_failed").await;
    let itself = app.post(&merge_url, &admin("diadem"), &json!({"duplicate_id": id(&survivor)})).send().await.unwrap();
    assert_problem(itself, 422, "validation_failed").await;
}
