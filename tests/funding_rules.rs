//! Funding's rules over real HTTP with the real registry and training: each
//! eligibility check both ways and a peer down, the submission window, the
//! information loop with its revisions, conflicts of interest, an applicant held
//! to its organisation, and amounts that round-trip exactly.

mod common;

use common::funding::{flow, Flow};
use modal_testkit::{applicant_token, assert_problem, json, spawn_system, spawn_with_peers, token_for};
use serde_json::{json, Value};

/// A participant of `org` who holds a certificate (a one-day training, present).
async fn certify(f: &Flow<'_>, org: &str) {
    let post = |path: String, body: Value| {
        let req = f.training.post(&path, &f.coord, &body);
        async move { json(req.send().await.unwrap()).await }
    };
    let t = post(f.path("/trainings"), json!({"title": "Gestion de projet", "city": "Thiès", "country": "SN", "start_date": "2021-08-02", "end_date": "2021-08-02", "format": "hybrid"})).await;
    let tid = t["id"].as_str().unwrap();
    post(
        f.path(&format!("/trainings/{tid}/participants")),
        json!({"full_name": "Awa Ndiaye", "sex": "female", "mode": "online", "organisation_id": org}),
    )
    .await;
    let res = f
        .training
        .put(&f.path(&format!("/trainings/{tid}/days/2021-08-02/attendance")), &f.coord, &json!({"default": "present"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let issued = post(f.path(&format!("/trainings/{tid}/certificates")), json!({})).await;
    assert_eq!(issued["issued"].as_array().unwrap().len(), 1, "{issued}");
}

fn passed(checks: &Value, rule: &str) -> bool {
    checks.as_array().unwrap().iter().find(|c| c["rule"] == rule).unwrap_or_else(|| panic!("{rule} in {checks}"))
        ["passed"]
        == true
}

#[tokio::test]
async fn each_eligibility_check_reads_the_registry_or_training_and_can_fail() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let call = f
        .open_call(
            50_000_000,
            json!({"eligibility": {"applicant_verified": true, "active_partnership": true, "certified_member": true}}),
        )
        .await;
    let call = call["id"].as_str().unwrap();

    let (good, good_partner) = f.pair("Jappo Thiès").await;
    certify(&f, &good).await;
    let app = f.submitted(call, &good, &good_partner, "Tout est en règle", 2_000_000).await;
    let checks = f.post(&f.coord, &format!("/applications/{app}/eligibility"), json!({})).await;
    assert!(
        passed(&checks, "applicant_verified")
            && passed(&checks, "active_partnership")
            && passed(&checks, "certified_member")
    );
    assert_eq!(checks[0]["facts"]["organisation"]["status"], "verified", "the facts read are recorded");

    // Not verified, partnership only planned, nobody certified: each check fails.
    let partner = f.organisation("diaspora_organisation", "Diaspora Lyon", "FR", true).await;
    let unverified = f.organisation("local_association", "Nouvelle association", "SN", false).await;
    f.partnership(&partner, &unverified, "planned").await;
    let app = f.submitted(call, &unverified, &partner, "Rien n'est en règle", 2_000_000).await;
    let checks = f.post(&f.coord, &format!("/applications/{app}/eligibility"), json!({})).await;
    assert!(
        !passed(&checks, "applicant_verified")
            && !passed(&checks, "active_partnership")
            && !passed(&checks, "certified_member")
    );
    // Eligible only with an override and its reason, which the audit trail keeps.
    let refused = f
        .funding
        .post(
            &f.path(&format!("/applications/{app}/screening")),
            &f.coord,
            &json!({"decision": "eligible", "reason": "Vu."}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(assert_problem(refused, 422, "validation_failed").await["errors"][0]["code"], "failed_checks");
    let overridden = f.post(&f.coord, &format!("/applications/{app}/screening"), json!({"decision": "eligible", "reason": "Statuts déposés, vérification en cours.", "override_failed_checks": true})).await;
    assert_eq!(overridden["status"], "eligible");
    let audit = f.get(&f.admin, &format!("/audit?entity_id={app}")).await;
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "override"), "{audit}");
}

#[tokio::test]
async fn with_the_registry_down_the_checks_answer_503_and_record_nothing() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (loc, dia) = f.pair("Jappo Thiès").await;
    // A second funding whose registry is down (nothing listens on port 9).
    let cut =
        spawn_with_peers(modal_funding::service(), &[("registry", "http://127.0.0.1:9"), ("training", &apps[1].base)])
            .await;
    let g = Flow::new(&apps[0], &apps[1], &cut, "diadem");
    let call = g.open_call(50_000_000, json!({})).await;
    let applicant = applicant_token("awa", "diadem", &loc);
    let app = g
        .post(
            &applicant,
            &format!("/calls/{}/applications", call["id"].as_str().unwrap()),
            g.content(&loc, &dia, "Sans registre", 2_000_000),
        )
        .await;
    let id = app["id"].as_str().unwrap();
    g.post(&applicant, &format!("/applications/{id}/submit"), json!({})).await;
    let res =
        g.funding.post(&g.path(&format!("/applications/{id}/eligibility")), &g.coord, &json!({})).send().await.unwrap();
    assert_problem(res, 503, "upstream_unavailable").await;
    assert_eq!(g.get(&g.coord, &format!("/applications/{id}/eligibility")).await, json!([]), "nothing recorded");
    let screening = g
        .funding
        .post(
            &g.path(&format!("/applications/{id}/screening")),
            &g.coord,
            &json!({"decision": "eligible", "reason": "Sans contrôle."}),
        )
        .send()
        .await
        .unwrap();
    assert_problem(screening, 409, "conflict").await;
    assert_eq!(
        g.get(&g.coord, &format!("/applications/{id}")).await["status"],
        "submitted",
        "never eligible by default"
    );
}

#[tokio::test]
async fn nothing_is_submitted_outside_the_window_and_the_refusal_gives_it_in_the_tenants_time() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "adept-morocco");
    let (loc, dia) = f.pair("Association Tifawin").await;
    let later =
        f.open_call(50_000_000, json!({"opens_at": "2030-06-01T09:00:00Z", "closes_at": "2030-07-01T09:00:00Z"})).await;
    let res = f
        .funding
        .post(
            &f.path(&format!("/calls/{}/applications", later["id"].as_str().unwrap())),
            &f.coord,
            &f.content(&loc, &dia, "Trop tôt", 2_000_000),
        )
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 409, "call_not_open").await;
    assert_eq!(problem["opens_at"], "2030-06-01T10:00:00+01:00", "Casablanca time: {problem}");
    assert!(problem["detail"].as_str().unwrap().contains("Africa/Casablanca"));

    // A draft started while open cannot be submitted once the call is closed.
    let call = f.open_call(50_000_000, json!({})).await;
    let id = call["id"].as_str().unwrap();
    let draft =
        f.post(&f.coord, &format!("/calls/{id}/applications"), f.content(&loc, &dia, "Trop tard", 2_000_000)).await;
    f.move_call(id, "closed").await;
    let late = f
        .funding
        .post(&f.path(&format!("/applications/{}/submit", draft["id"].as_str().unwrap())), &f.coord, &json!({}))
        .send()
        .await
        .unwrap();
    assert_problem(late, 409, "call_not_open").await;
    assert_eq!(f.get(&f.coord, &format!("/applications/{}", draft["id"].as_str().unwrap())).await["status"], "draft");
}

#[tokio::test]
async fn an_information_request_sends_the_application_back_and_every_revision_is_kept_with_its_diff() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (loc, dia) = f.pair("Jappo Thiès").await;
    let call = f.open_call(50_000_000, json!({})).await;
    let applicant = applicant_token("awa", "diadem", &loc);
    let app = f.submitted(call["id"].as_str().unwrap(), &loc, &dia, "Maraîchage", 2_000_000).await;
    let ask = f
        .post(
            &f.coord,
            &format!("/applications/{app}/transitions"),
            json!({"to": "info_requested", "reason": "Précisez le lieu exact."}),
        )
        .await;
    assert_eq!(ask["status"], "info_requested");
    let todo = f.get(&applicant, "/todo").await;
    assert_eq!(todo[0]["kind"], "answer_information_request");
    let messages = f.get(&applicant, &format!("/applications/{app}/messages")).await;
    assert!(messages[0]["body"].as_str().unwrap().contains("Précisez le lieu exact."));

    let mut content = f.content(&loc, &dia, "Maraîchage", 2_000_000);
    content["place"] = json!("Thiès, quartier Médina Fall");
    let res = f
        .funding
        .put(&f.path(&format!("/applications/{app}")), &applicant, &content)
        .header("If-Match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let again = f.post(&applicant, &format!("/applications/{app}/submit"), json!({})).await;
    assert_eq!((again["status"].as_str(), again["revision"].as_i64()), (Some("submitted"), Some(2)));
    // A submitted application is frozen: no more edits.
    let frozen = f
        .funding
        .put(&f.path(&format!("/applications/{app}")), &applicant, &content)
        .header("If-Match", "*")
        .send()
        .await
        .unwrap();
    assert_problem(frozen, 409, "conflict").await;

    let revisions = f.get(&applicant, &format!("/applications/{app}/revisions")).await;
    assert_eq!(revisions.as_array().unwrap().len(), 2);
    assert_eq!(revisions[0]["content"]["place"], "Thiès", "the first revision is kept as it was");
    let diff = f.get(&f.coord, &format!("/applications/{app}/revisions/diff?from=1&to=2")).await;
    assert_eq!(diff["changes"], json!({"place": ["Thiès", "Thiès, quartier Médina Fall"]}));
}

#[tokio::test]
async fn a_reviewer_from_the_applicant_or_its_partner_is_refused_and_reviewers_see_only_their_assignments() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (loc, dia) = f.pair("Jappo Thiès").await;
    let call = f.open_call(50_000_000, json!({})).await;
    let app = f.submitted(call["id"].as_str().unwrap(), &loc, &dia, "Maraîchage", 2_000_000).await;
    f.eligible(&app).await;
    for org in [&loc, &dia] {
        let res = f
            .funding
            .post(
                &f.path(&format!("/applications/{app}/reviews")),
                &f.coord,
                &json!({"reviewer": "moussa", "reviewer_organisation_id": org, "lens": "content"}),
            )
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], "conflict_of_interest");
    }
    let review = f
        .post(&f.coord, &format!("/applications/{app}/reviews"), json!({"reviewer": "fatou", "lens": "content"}))
        .await;
    let (fatou, other) =
        (token_for("fatou", &["diadem"], &["reviewer"]), token_for("omar", &["diadem"], &["reviewer"]));
    // Before declaring no conflict, the reviewer does not see the application.
    assert_eq!(f.funding.get(&f.path(&format!("/applications/{app}")), &fatou).send().await.unwrap().status(), 404);
    f.post(&fatou, &format!("/reviews/{}/no-conflict", review["id"].as_str().unwrap()), json!({})).await;
    assert_eq!(f.funding.get(&f.path(&format!("/applications/{app}")), &fatou).send().await.unwrap().status(), 200);
    assert_eq!(f.funding.get(&f.path(&format!("/applications/{app}")), &other).send().await.unwrap().status(), 404);
    assert_eq!(f.get(&other, "/reviews").await, json!([]));
}

#[tokio::test]
async fn an_applicant_sees_and_edits_only_its_organisations_applications() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (mine, my_partner) = f.pair("Jappo Thiès").await;
    let (theirs, their_partner) = f.pair("And Suxali").await;
    let call = f.open_call(50_000_000, json!({})).await;
    let call = call["id"].as_str().unwrap();
    let own = f.submitted(call, &mine, &my_partner, "La nôtre", 2_000_000).await;
    let other = f.submitted(call, &theirs, &their_partner, "La leur", 2_000_000).await;
    let me = applicant_token("awa", "diadem", &mine);
    assert_eq!(f.funding.get(&f.path(&format!("/applications/{own}")), &me).send().await.unwrap().status(), 200);
    for path in [
        format!("/applications/{other}"),
        format!("/applications/{other}/messages"),
        format!("/applications/{other}/revisions"),
    ] {
        let res = f.funding.get(&f.path(&path), &me).send().await.unwrap();
        assert_problem(res, 404, "not_found").await;
    }
    let res = f
        .funding
        .post(&f.path(&format!("/applications/{other}/transitions")), &me, &json!({"to": "withdrawn"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let listed = f.get(&me, "/applications").await;
    let ids: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [own.as_str()]);
    // Applying for another organisation is refused.
    let res = f
        .funding
        .post(
            &f.path(&format!("/calls/{call}/applications")),
            &me,
            &f.content(&theirs, &their_partner, "Pour eux", 2_000_000),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["code"], "not_yours");
    assert_eq!(f.get(&f.coord, &format!("/applications/{other}")).await["status"], "submitted", "unchanged");
}

#[tokio::test]
async fn amounts_in_xof_and_mad_round_trip_exactly_even_beyond_what_a_float_holds() {
    let apps = spawn_system(modal::services()).await;
    for (tenant, currency, requested) in
        [("diadem", "XOF", 9_007_199_254_740_993_i64), ("adept-morocco", "MAD", 12_500_050_i64)]
    {
        let f = flow(&apps, tenant);
        let (loc, dia) = f.pair("Association").await;
        let call =
            f.open_call(i64::MAX / 2, json!({"currency": currency, "min_grant": 1, "max_grant": i64::MAX / 2})).await;
        assert_eq!(call["envelope"].as_i64(), Some(i64::MAX / 2));
        let mut content = f.content(&loc, &dia, "Montants", requested);
        content["budget"] = json!([{"key": "l1", "category": "equipment", "description": "Tout", "quantity": 1, "unit_cost": requested}]);
        content["cofinancing"] = json!([]);
        let app = f.post(&f.coord, &format!("/calls/{}/applications", call["id"].as_str().unwrap()), content).await;
        let id = app["id"].as_str().unwrap();
        let submitted = f.post(&f.coord, &format!("/applications/{id}/submit"), json!({})).await;
        let read = f.get(&f.coord, &format!("/applications/{id}")).await;
        for v in [&submitted, &read] {
            assert_eq!(v["currency"], currency);
            assert_eq!(v["requested"].as_i64(), Some(requested), "{tenant}: {}", v["requested"]);
            assert_eq!(v["budget_total"].as_i64(), Some(requested));
        }
    }
}
