//! CSV import answers line by line and never duplicates; export is safe to open.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, TestApp};

const FILE: &str = "kind;name;acronym;country;region;themes;phone;registrations;women_led\n\
local_association;Jappo Thiès;JT;SN;Thiès;local_development|social_economy;+221 77 000 00 01;ninea:005123456;oui\n\
federation_or_collective;Fédération des Collectifs;FDC;SN;Dakar;;;;non\n\
company;Entreprise X;;SN;;;;;\n\
local_association;;;SN;;;;;\n";

async fn import(app: &TestApp, body: &'static [u8], content_type: &str) -> reqwest::Response {
    app.http
        .post(app.url(&format!("{}/import", orgs("diadem"))))
        .bearer_auth(coordinator("diadem"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn valid_rows_are_imported_invalid_rows_reported_and_a_second_import_adds_nothing() {
    let app = registry().await;
    let report = json(import(&app, FILE.as_bytes(), "text/csv").await).await;
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(report["rejected"], 2);
    assert_eq!(report["rows"][2]["line"], 4);
    assert_eq!(report["rows"][2]["errors"][0]["field"], "kind");
    assert_eq!(report["rows"][3]["errors"][0]["field"], "name");

    let again = json(import(&app, FILE.as_bytes(), "text/csv; charset=utf-8").await).await;
    assert_eq!(again["created"], 0);
    assert_eq!(again["duplicates"], 2);
    assert_eq!(list_ids(&app, "diadem").await.len(), 2);

    let jappo =
        json(app.get(&format!("{}?q=jappo", orgs("diadem")), &coordinator("diadem")).send().await.unwrap()).await;
    assert_eq!(jappo["items"][0]["registrations"][0]["scheme"], "ninea");
    assert_eq!(jappo["items"][0]["themes"].as_array().unwrap().len(), 2);
    assert_eq!(jappo["items"][0]["women_led"], true);
}

#[tokio::test]
async fn files_that_are_not_utf8_or_miss_columns_are_refused_whole() {
    let app = registry().await;
    let latin1: &'static [u8] = b"kind,name,country\nlocal_association,F\xe9d\xe9ration,SN\n";
    assert_problem(import(&app, latin1, "text/csv").await, 422, "validation_failed").await;
    assert_problem(import(&app, b"name,city\nX,Dakar\n", "text/csv").await, 422, "validation_failed").await;
    assert_problem(import(&app, b"{}", "application/json").await, 415, "unsupported_media_type").await;
    assert!(list_ids(&app, "diadem").await.is_empty());
}

#[tokio::test]
async fn export_lists_the_filtered_organisations_with_formulas_neutralised() {
    let app = registry().await;
    let mut evil = local_association("=cmd|' /C calc'!A0", "SN");
    evil["acronym"] = serde_json::json!("@SUM");
    create(&app, "diadem", &evil).await;
    create(&app, "diadem", &diaspora("Diaspora Lyon", "FR")).await;
    let res = app
        .get(&format!("{}/export?kind=local_association", orgs("diadem")), &coordinator("diadem"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("kind;name;"));
    assert!(lines[1].contains("'=cmd|"), "{text}");
    assert!(lines[1].contains("'@SUM"), "{text}");
    assert!(!lines[1].contains(";=cmd"), "{text}");
}
