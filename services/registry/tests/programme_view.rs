//! The programme-wide view over HTTP: `programme_admin` lists, counts and finds
//! likely duplicates across the tenants; a tenant still sees only its own, and no
//! tenant's token opens the programme's routes.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, token, TestApp};
use serde_json::{json, Value};

fn programme() -> String {
    token(&[], &["programme_admin"])
}

async fn get(app: &TestApp, url: &str, token: &str) -> Value {
    let res = app.get(url, token).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    json(res).await
}

fn tenants_and_names(page: &Value) -> Vec<(String, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["tenant"].as_str().unwrap().to_string(), o["name"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn the_programme_lists_every_tenants_organisations_page_by_page_and_each_row_says_its_tenant() {
    let app = registry().await;
    create(&app, "diadem", &local_association("Jappo Thiès", "SN")).await;
    create(&app, "fecong", &local_association("Kawral Kayes", "ML")).await;
    create(&app, "paips", &local_association("Union de Bouaké", "CI")).await;
    create(&app, "diadem", &local_association("Sunu Louga", "SN")).await;

    let first = get(&app, "/v1/programme/organisations?limit=3", &programme()).await;
    let next = first["next"].as_str().expect("a next page").to_string();
    let second = get(&app, &next, &programme()).await;
    let mut all = tenants_and_names(&first);
    all.extend(tenants_and_names(&second));
    assert_eq!(
        all,
        vec![
            ("diadem".to_string(), "Jappo Thiès".to_string()),
            ("fecong".to_string(), "Kawral Kayes".to_string()),
            ("paips".to_string(), "Union de Bouaké".to_string()),
            ("diadem".to_string(), "Sunu Louga".to_string()),
        ],
        "in order of creation across tenants, each once"
    );
    assert!(second["next"].is_null());

    let searched = get(&app, "/v1/programme/organisations?q=kayes", &programme()).await;
    assert_eq!(tenants_and_names(&searched), vec![("fecong".to_string(), "Kawral Kayes".to_string())]);

    // A tenant still sees only its own.
    let own = get(&app, &orgs("fecong"), &coordinator("fecong")).await;
    assert_eq!(tenants_and_names(&own), vec![("fecong".to_string(), "Kawral Kayes".to_string())]);
}

#[tokio::test]
async fn the_programme_sees_each_tenants_figures_and_their_sum() {
    let app = registry().await;
    create(&app, "diadem", &local_association("Jappo Thiès", "SN")).await;
    create(&app, "diadem", &diaspora("Thiès Solidarité", "FR")).await;
    create(&app, "adept-morocco", &local_association("Association Tilila", "MA")).await;

    let stats = get(&app, "/v1/programme/stats", &programme()).await;
    let per_tenant: Vec<(String, i64)> = stats["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["tenant"].as_str().unwrap().to_string(), s["organisations"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        per_tenant,
        vec![("adept-morocco".into(), 1), ("diadem".into(), 2), ("fecong".into(), 0), ("paips".into(), 0)],
        "every configured tenant, in order"
    );
    assert_eq!(stats["total"]["tenant"], "programme");
    assert_eq!(stats["total"]["organisations"], 3);
    assert_eq!(stats["total"]["by_country"], json!({"FR": 1, "MA": 1, "SN": 1}));
    assert_eq!(stats["total"]["by_kind"]["local_association"], 2);
}

#[tokio::test]
async fn the_same_diaspora_organisation_entered_by_two_partners_is_found_by_the_programme_and_by_neither_partner() {
    let app = registry().await;
    let contacts = json!({"email": "contact@arkf.org"});
    let mut a = diaspora("Association des Ressortissants de Kayes en France", "FR");
    a["contacts"] = contacts.clone();
    let mut b = diaspora("Association des ressortissants de Kayes (France)", "FR");
    b["contacts"] = contacts;
    create(&app, "diadem", &a).await;
    create(&app, "fecong", &b).await;
    create(&app, "fecong", &local_association("Kawral Kayes", "ML")).await;

    let found = get(&app, "/v1/programme/organisations/duplicates/candidates", &programme()).await;
    let pairs = found.as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{found}");
    let tenants: Vec<&str> =
        pairs[0]["organisations"].as_array().unwrap().iter().map(|o| o["tenant"].as_str().unwrap()).collect();
    assert_eq!(tenants, vec!["diadem", "fecong"]);
    assert!(pairs[0]["score"].as_u64().unwrap() >= 60);
    assert!(pairs[0]["reasons"].as_array().unwrap().contains(&json!("same_email")), "{found}");

    for tenant in ["diadem", "fecong"] {
        let own = get(&app, &format!("{}/duplicates/candidates", orgs(tenant)), &coordinator(tenant)).await;
        assert_eq!(own, json!([]), "{tenant} sees no pair with another tenant's record");
    }
}

#[tokio::test]
async fn no_tenant_token_opens_the_programme_view_and_the_programme_cannot_write() {
    let app = registry().await;
    for url in
        ["/v1/programme/organisations", "/v1/programme/stats", "/v1/programme/organisations/duplicates/candidates"]
    {
        for t in [admin("diadem"), token(&["diadem", "fecong", "paips", "adept-morocco"], &["coordinator"])] {
            assert_problem(app.get(url, &t).send().await.unwrap(), 403, "forbidden").await;
        }
        assert_problem(app.get(url, "not-a-token").send().await.unwrap(), 401, "unauthenticated").await;
    }
    let res = app.post(&orgs("diadem"), &programme(), &local_association("Jappo Thiès", "SN")).send().await.unwrap();
    assert_problem(res, 403, "forbidden").await;
}
