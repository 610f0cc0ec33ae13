//! The people of an organisation, its identifiers by scheme, its parent and
//! federations, its website and logo, over HTTP.

mod common;

use common::*;
use futures_util::future::join_all;
use modal_testkit::{assert_problem, json, token, TestApp};
use serde_json::{json, Value};

fn people(tenant: &str, org: &Value) -> String {
    format!("/v1/tenants/{tenant}/organisations/{}/people", org["id"].as_str().unwrap())
}

async fn add(app: &TestApp, tenant: &str, org: &Value, body: Value) -> Value {
    let res = app.post(&people(tenant, org), &coordinator(tenant), &body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    json(res).await
}

fn names(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn people_are_listed_with_their_organisation_and_only_staff_see_them() {
    let app = registry().await;
    let org = create(&app, "diadem", &local_association("Jappo Thiès", "SN")).await;
    add(
        &app,
        "diadem",
        &org,
        json!({"full_name": "Awa Diop", "role": "president", "started_on": "2019-01-01", "email": "Awa@Example.org"}),
    )
    .await;
    add(
        &app,
        "diadem",
        &org,
        json!({"full_name": "Moussa Ba", "role": "treasurer", "started_on": "2015-01-01", "ended_on": "2018-12-31"}),
    )
    .await;
    add(
        &app,
        "diadem",
        &org,
        json!({"full_name": "Fatou Sow", "role": "focal_point", "whatsapp": "+221 77 000 00 01"}),
    )
    .await;

    let all = json(app.get(&people("diadem", &org), &coordinator("diadem")).send().await.unwrap()).await;
    assert_eq!(names(&all).len(), 3);
    assert_eq!(
        all["items"].as_array().unwrap().iter().find(|p| p["role"] == "president").unwrap()["email"],
        "awa@example.org"
    );
    let current = json(
        app.get(&format!("{}?current=true", people("diadem", &org)), &coordinator("diadem")).send().await.unwrap(),
    )
    .await;
    let mut current = names(&current);
    current.sort();
    assert_eq!(current, vec!["Awa Diop", "Fatou Sow"], "the former treasurer is not current");

    let viewer = app.get(&people("diadem", &org), &token(&["diadem"], &["viewer"])).send().await.unwrap();
    assert_problem(viewer, 403, "forbidden").await;
    let elsewhere = app.get(&people("fecong", &org), &coordinator("fecong")).send().await.unwrap();
    assert_problem(elsewhere, 404, "not_found").await;
    let bad = app
        .post(
            &people("diadem", &org),
            &coordinator("diadem"),
            &json!({"full_name": " ", "role": "member", "started_on": "2020-01-01", "ended_on": "2019-01-01"}),
        )
        .send()
        .await
        .unwrap();
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["full_name", "ended_on"]);
}

#[tokio::test]
async fn a_persons_data_is_exported_and_erased_across_the_organisations_they_serve() {
    let app = registry().await;
    let (a, b) = (
        create(&app, "fecong", &local_association("Association Ségou", "ML")).await,
        create(&app, "fecong", &local_association("Association Kayes", "ML")).await,
    );
    let first = add(
        &app,
        "fecong",
        &a,
        json!({"full_name": "Aminata Traoré", "role": "treasurer", "email": "aminata@example.org"}),
    )
    .await;
    add(&app, "fecong", &b, json!({"full_name": "A. Traoré", "role": "member", "email": "AMINATA@example.org"})).await;
    let other = add(&app, "fecong", &b, json!({"full_name": "Oumar Keita", "role": "president"})).await;
    let path = format!("/v1/tenants/fecong/people/{}/personal-data", first["id"].as_str().unwrap());

    assert_problem(app.get(&path, &coordinator("fecong")).send().await.unwrap(), 403, "forbidden").await;
    let data = json(app.get(&path, &admin("fecong")).send().await.unwrap()).await;
    let mut held: Vec<&str> =
        data["people"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    held.sort();
    assert_eq!(held, vec!["A. Traoré", "Aminata Traoré"]);

    let erased = json(app.delete(&path, &admin("fecong")).send().await.unwrap()).await;
    assert_eq!(erased["erased"], 2);
    assert_eq!(
        names(&json(app.get(&people("fecong", &b), &admin("fecong")).send().await.unwrap()).await),
        vec!["Oumar Keita"]
    );
    let trail =
        app.get("/v1/tenants/fecong/audit?limit=200", &admin("fecong")).send().await.unwrap().text().await.unwrap();
    assert!(!trail.contains("Traoré") && !trail.contains("aminata"), "the audit trail still names the person");
    assert!(trail.contains("Oumar Keita"), "others' records stay");
    assert_problem(app.get(&path, &admin("fecong")).send().await.unwrap(), 404, "not_found").await;
    let kept = format!("/v1/tenants/fecong/people/{}", other["id"].as_str().unwrap());
    assert_eq!(app.get(&kept, &admin("fecong")).send().await.unwrap().status(), 200);
}

fn with_ninea(name: &str, ninea: &str) -> Value {
    json!({"kind": "local_association", "name": name, "country": "SN", "registrations": [{"scheme": "ninea", "value": ninea}]})
}

#[tokio::test]
async fn identifiers_are_checked_by_scheme_unique_per_tenant_and_give_the_iati_identifier() {
    let app = registry().await;
    let org = create(&app, "diadem", &with_ninea("GIE Ndiaganiao", "005123456 2G3")).await;
    assert_eq!(org["registrations"][0]["agency"], "SN-NINEA");
    assert_eq!(org["iati_identifier"], "SN-NINEA-0051234562G3", "spaces dropped");
    let oecd = json!({"kind": "other", "name": "Agence", "country": "FR", "registrations": [{"scheme": "other", "value": "5-52", "agency": "XM-DAC"}]});
    assert_eq!(create(&app, "diadem", &oecd).await["iati_identifier"], "XM-DAC-5-52");

    let bad = app
        .post(&orgs("diadem"), &coordinator("diadem"), &with_ninea("GIE Ndiaganiao 2", "12AB"))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(bad, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "registrations[0].value");
    assert_eq!(problem["errors"][0]["code"], "invalid_format");
    let wrong_agency = json!({"kind": "other", "name": "X", "country": "FR", "registrations": [{"scheme": "ninea", "value": "005123457", "agency": "FR-RCS"}]});
    let res = app.post(&orgs("diadem"), &coordinator("diadem"), &wrong_agency).send().await.unwrap();
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["code"], "agency_mismatch");

    // The same NINEA typed another way is the same identifier: refused, with a link.
    let again = app
        .post(&orgs("diadem"), &coordinator("diadem"), &with_ninea("Autre nom", "0051234562g3"))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(again, 409, "duplicate_identifier").await;
    assert_eq!(problem["existing"], format!("/v1/tenants/diadem/organisations/{}", org["id"].as_str().unwrap()));
    // Another tenant keeps its own register.
    create(&app, "paips", &with_ninea("GIE Ndiaganiao", "005123456 2G3")).await;
    // Searched by identifier.
    let found =
        json(app.get(&format!("{}?q=0051234562G3", orgs("diadem")), &coordinator("diadem")).send().await.unwrap())
            .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn sixteen_concurrent_claims_of_one_identifier_leave_one_holder() {
    let app = registry().await;
    let t = coordinator("adept-morocco");
    let body = |i: usize| json!({"kind": "cooperative", "name": format!("Coopérative {i}"), "country": "MA", "registrations": [{"scheme": "ice", "value": "001561191000066"}]});
    let answers = join_all((0..16).map(|i| app.post(&orgs("adept-morocco"), &t, &body(i)).send())).await;
    let mut statuses: Vec<u16> = answers.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses[0], 201);
    assert!(statuses[1..].iter().all(|s| *s == 409), "one holder, the others refused: {statuses:?}");
    assert_eq!(list_ids(&app, "adept-morocco").await.len(), 1);
}

#[tokio::test]
async fn parents_and_federations_link_organisations_of_the_tenant_without_cycles() {
    let app = registry().await;
    let t = coordinator("paips");
    let federation = create(
        &app,
        "paips",
        &json!({"kind": "federation_or_collective", "name": "Fédération Abidjan", "country": "CI"}),
    )
    .await;
    let parent = create(&app, "paips", &json!({"kind": "local_association", "name": "Mère", "country": "CI", "website": "https://mere.ci", "logo_url": "https://mere.ci/logo.png"})).await;
    assert_eq!(parent["website"], "https://mere.ci");
    let branch = json!({"kind": "local_association", "name": "Section Bouaké", "country": "CI",
        "parent_organisation_id": parent["id"], "federation_ids": [federation["id"]]});
    let branch = create(&app, "paips", &branch).await;
    assert_eq!(branch["parent_organisation_id"], parent["id"]);

    let by_parent = json(
        app.get(&format!("{}?parent_organisation_id={}", orgs("paips"), parent["id"].as_str().unwrap()), &t)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(by_parent["items"][0]["id"], branch["id"]);
    let members = json(
        app.get(&format!("{}?federation_id={}", orgs("paips"), federation["id"].as_str().unwrap()), &t)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(members["items"].as_array().unwrap().len(), 1);

    // The parent cannot become its branch's branch; a non-federation is not joined.
    let url = format!("{}/{}", orgs("paips"), parent["id"].as_str().unwrap());
    let cycle = json!({"kind": "local_association", "name": "Mère", "country": "CI", "parent_organisation_id": branch["id"], "federation_ids": [branch["id"]]});
    let res = app.put(&url, &t, &cycle).header("if-match", "\"1\"").send().await.unwrap();
    let problem = assert_problem(res, 422, "validation_failed").await;
    let codes: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["cycle", "not_federation"]);
    let bad_url = json!({"kind": "other", "name": "Y", "country": "CI", "website": "javascript:alert(1)"});
    let res = app.post(&orgs("paips"), &t, &bad_url).send().await.unwrap();
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["code"], "invalid_url");
    let foreign =
        create(&app, "diadem", &json!({"kind": "federation_or_collective", "name": "Ailleurs", "country": "SN"})).await;
    let joined = json!({"kind": "other", "name": "Z", "country": "CI", "federation_ids": [foreign["id"]]});
    let res = app.post(&orgs("paips"), &t, &joined).send().await.unwrap();
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["code"], "unknown_organisation");

    // A parent with branches is archived, not deleted.
    let removed = app.delete(&url, &admin("paips")).send().await.unwrap();
    assert_eq!(removed.status(), 200);
    assert_eq!(json(removed).await["archived"], true);
}
