//! Search (`q=`) over HTTP, on whichever engine the tests run: it follows every
//! write, a common word and a rare one find exactly the rows that hold them, and
//! accents and case do not matter.

mod common;

use common::*;
use modal_testkit::{json, TestApp};

async fn names(app: &TestApp, q: &str) -> Vec<String> {
    let url = format!("{}?q={}&limit=200", orgs("diadem"), q);
    let page = json(app.get(&url, &coordinator("diadem")).send().await.unwrap()).await;
    page["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn search_follows_creations_renames_and_deletions() {
    let app = registry().await;
    let org = create(&app, "diadem", &local_association("Jappo Thiès", "SN")).await;
    create(&app, "fecong", &local_association("Jappo Thiès", "ML")).await;
    assert_eq!(names(&app, "THIES").await, vec!["Jappo Thiès"], "accents and case do not matter; one tenant's rows");
    assert_eq!(names(&app, "app").await, vec!["Jappo Thiès"]);

    let path = format!("{}/{}", orgs("diadem"), org["id"].as_str().unwrap());
    let renamed = app
        .put(&path, &coordinator("diadem"), &local_association("Kawral Kayes", "SN"))
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 200);
    assert!(names(&app, "thies").await.is_empty(), "the old name is no longer found");
    assert_eq!(names(&app, "kawral").await, vec!["Kawral Kayes"]);

    let deleted = app.http.delete(app.url(&path)).bearer_auth(admin("diadem")).header("if-match", "\"2\"").send().await;
    assert_eq!(deleted.unwrap().status(), 204);
    assert!(names(&app, "kawral").await.is_empty(), "a deleted organisation is no longer found");
}

#[tokio::test]
async fn a_common_word_and_a_rare_one_find_exactly_the_rows_that_hold_them() {
    let app = registry().await;
    // 600 organisations: "association" fills a page, "association 12" is 12 and 120…129.
    let mut file = String::from("kind;name;country\n");
    for n in 1..=600 {
        file.push_str(&format!("local_association;Association {n};SN\n"));
    }
    let res = app
        .http
        .post(app.url(&format!("{}/import", orgs("diadem"))))
        .bearer_auth(coordinator("diadem"))
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(json(res).await["created"], 600);

    let common = names(&app, "association").await;
    assert_eq!(common.len(), 200, "a full page");
    let rare = names(&app, "Associ%C3%A1tion%2012").await;
    let mut expected: Vec<String> = std::iter::once(12).chain(120..=129).map(|n| format!("Association {n}")).collect();
    let mut found = rare.clone();
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
    assert!(names(&app, "association%20601").await.is_empty());
    assert_eq!(names(&app, "ass").await.len(), 200);
}
