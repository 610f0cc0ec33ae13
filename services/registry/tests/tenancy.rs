//! No request reads or writes another tenant's data; tokens are really checked.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, now, raw_token, token, SECRET};
use serde_json::json;

#[tokio::test]
async fn a_token_for_another_tenant_sees_nothing_and_writes_nothing() {
    let app = registry().await;
    let org = create(&app, "diadem", &local_association("Marqueur-DIADEM-7f3", "SN")).await;
    let id = org["id"].as_str().unwrap();
    let fecong = coordinator("fecong");

    for path in [
        orgs("diadem"),
        format!("{}/{id}", orgs("diadem")),
        "/v1/tenants/diadem/stats".into(),
        format!("{}/export", orgs("diadem")),
    ] {
        let res = app.get(&path, &fecong).send().await.unwrap();
        let body = assert_problem(res, 403, "forbidden").await;
        assert!(!body.to_string().contains("Marqueur-DIADEM"), "{path}: {body}");
    }
    let write = app.post(&orgs("diadem"), &fecong, &local_association("Intrus", "SN")).send().await.unwrap();
    assert_problem(write, 403, "forbidden").await;
    assert_eq!(list_ids(&app, "diadem").await, vec![id.to_string()]);
}

#[tokio::test]
async fn another_tenants_ids_in_paths_and_bodies_are_not_found_here() {
    let app = registry().await;
    let theirs = create(&app, "diadem", &diaspora("Diaspora DIADEM", "FR")).await;
    let their_id = theirs["id"].as_str().unwrap();
    let mine = create(&app, "fecong", &local_association("Locale FECONG", "ML")).await;
    let t = coordinator("fecong");

    let read = app.get(&format!("{}/{their_id}", orgs("fecong")), &t).send().await.unwrap();
    assert_problem(read, 404, "not_found").await;
    let update = app
        .put(&format!("{}/{their_id}", orgs("fecong")), &t, &diaspora("Volé", "FR"))
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_problem(update, 404, "not_found").await;
    let delete = app.delete(&format!("{}/{their_id}", orgs("fecong")), &admin("fecong")).send().await.unwrap();
    assert_problem(delete, 404, "not_found").await;
    let filtered =
        json(app.get(&format!("/v1/tenants/fecong/partnerships?organisation_id={their_id}"), &t).send().await.unwrap())
            .await;
    assert_eq!(filtered["items"], json!([]));

    let body = json!({"diaspora_organisation_id": their_id, "local_organisation_id": mine["id"], "kind": "twinning", "status": "planned"});
    let link = app.post("/v1/tenants/fecong/partnerships", &t, &body).send().await.unwrap();
    let problem = assert_problem(link, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "diaspora_organisation_id");
    assert_eq!(problem["errors"][0]["code"], "unknown_organisation");

    let still =
        json(app.get(&format!("{}/{their_id}", orgs("diadem")), &coordinator("diadem")).send().await.unwrap()).await;
    assert_eq!(still["name"], "Diaspora DIADEM");
}

#[tokio::test]
async fn the_programme_reads_every_tenant_but_writes_none() {
    let app = registry().await;
    create(&app, "paips", &local_association("Bassam Solidarité", "CI")).await;
    let programme = token(&[], &["programme_admin"]);
    for tenant in ["diadem", "fecong", "paips", "adept-morocco"] {
        assert_eq!(app.get(&orgs(tenant), &programme).send().await.unwrap().status(), 200, "{tenant}");
    }
    let list = json(app.get(&orgs("paips"), &programme).send().await.unwrap()).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let write = app.post(&orgs("paips"), &programme, &local_association("Par erreur", "CI")).send().await.unwrap();
    assert_problem(write, 403, "forbidden").await;
    assert_eq!(list_ids(&app, "paips").await.len(), 1);
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_write() {
    let app = registry().await;
    let viewer = token(&["diadem"], &["viewer"]);
    assert_eq!(app.get(&orgs("diadem"), &viewer).send().await.unwrap().status(), 200);
    let write = app.post(&orgs("diadem"), &viewer, &local_association("Non", "SN")).send().await.unwrap();
    assert_problem(write, 403, "forbidden").await;
}

#[tokio::test]
async fn an_unknown_tenant_is_404_for_an_authenticated_caller() {
    let app = registry().await;
    let res = app.get(&orgs("atlantis"), &token(&[], &["programme_admin"])).send().await.unwrap();
    assert_problem(res, 404, "tenant_not_found").await;
}

#[tokio::test]
async fn missing_forged_expired_or_foreign_tokens_are_401_with_a_challenge() {
    let app = registry().await;
    let base = |exp: u64, iss: &str, aud: &str| json!({"sub": "x", "tenants": ["diadem"], "roles": ["tenant_admin"], "exp": exp, "iss": iss, "aud": aud});
    let alg_none = {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let claims = URL_SAFE_NO_PAD.encode(base(now() + 600, "modal-local", "modal").to_string());
        format!("{header}.{claims}.")
    };
    let cases = [
        ("expired", raw_token(&base(now() - 3600, "modal-local", "modal"), SECRET)),
        ("wrong issuer", raw_token(&base(now() + 600, "someone-else", "modal"), SECRET)),
        ("wrong audience", raw_token(&base(now() + 600, "modal-local", "other-app"), SECRET)),
        (
            "wrong secret",
            raw_token(&base(now() + 600, "modal-local", "modal"), "another-secret-another-secret-another-secret"),
        ),
        ("alg none", alg_none),
        ("garbage", "not.a.token".to_string()),
    ];
    for (case, tok) in cases {
        let res = app.get(&orgs("diadem"), &tok).send().await.unwrap();
        let challenge = res.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_string());
        assert_problem(res, 401, "unauthenticated").await;
        assert!(challenge.is_some_and(|c| c.starts_with("Bearer")), "{case}: no challenge");
    }
    let anonymous = app.http.get(app.url(&orgs("diadem"))).send().await.unwrap();
    assert!(anonymous.headers().contains_key("www-authenticate"));
    assert_problem(anonymous, 401, "unauthenticated").await;
}
