//! The programme's own case, over real HTTP with the real registry and training:
//! a restricted call, three applications screened and reviewed, one selected
//! within the envelope, one in reserve, one rejected; the grant, its agreement
//! and signatures, two tranches paid each after the previous report, the project
//! completed and closed, the call archived — and the period's figures.

mod common;

use common::funding::{flow, Flow};
use modal_testkit::{applicant_token, assert_problem, json, spawn_system};
use serde_json::{json, Value};

async fn status_of(f: &Flow<'_>, app: &str) -> String {
    f.get(&f.coord, &format!("/applications/{app}")).await["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_restricted_call_goes_from_draft_to_archived_with_one_project_funded_in_two_tranches() {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let (a, a_partner) = f.pair("Jappo Thiès").await;
    let (b, b_partner) = f.pair("And Suxali Kaolack").await;
    let (c, c_partner) = f.pair("Ndiambour Louga").await;
    let (outsider, o_partner) = f.pair("Non invitée").await;
    let call = f.open_call(8_000_000, json!({"invited": [a, b, c]})).await;
    let call_id = call["id"].as_str().unwrap().to_string();
    assert_eq!(call["status"], "open");

    // Restricted: an organisation not invited cannot apply.
    let res = f
        .funding
        .post(
            &f.path(&format!("/calls/{call_id}/applications")),
            &f.coord,
            &f.content(&outsider, &o_partner, "Hors liste", 2_000_000),
        )
        .send()
        .await
        .unwrap();
    let refused = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "not_invited");

    let app_a = f.submitted(&call_id, &a, &a_partner, "Maraîchage solidaire", 5_000_000).await;
    let app_b = f.submitted(&call_id, &b, &b_partner, "Moulin à mil", 4_000_000).await;
    let app_c = f.submitted(&call_id, &c, &c_partner, "Cybercafé", 2_000_000).await;
    f.move_call(&call_id, "closed").await;
    for (app, content, financial) in [(&app_a, 5, 4), (&app_b, 4, 3), (&app_c, 1, 2)] {
        f.eligible(app).await;
        f.reviewed(app, content, financial).await;
    }

    // The committee sees the ranking by weighted score and the running total.
    let summary = f.get(&f.coord, &format!("/calls/{call_id}/summary")).await;
    let ranked: Vec<&str> =
        summary["ranking"].as_array().unwrap().iter().map(|r| r["application_id"].as_str().unwrap()).collect();
    assert_eq!(ranked, [app_a.as_str(), app_b.as_str(), app_c.as_str()]);
    // (5 × 60 + 4 × 40) / 100 = 4.6 → 4 600 millis.
    assert_eq!(summary["ranking"][0]["weighted_score_millis"], 4600);
    assert_eq!(summary["ranking"][1]["running_total"], 9_000_000);
    assert_eq!(summary["ranking"][1]["within_envelope"], false);

    let decide = |d: Value| {
        f.funding.post(&f.path(&format!("/calls/{call_id}/decisions")), &f.coord, &json!({"decisions": d})).send()
    };
    let decided = json(
        decide(json!([
            {"application_id": app_a, "outcome": "selected", "reason": "Projet solide."},
            {"application_id": app_b, "outcome": "reserve", "reason": "Enveloppe atteinte."},
            {"application_id": app_c, "outcome": "rejected", "reason": "Budget peu réaliste."}
        ]))
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        decided.as_array().unwrap().iter().map(|d| d["status"].as_str().unwrap()).collect::<Vec<_>>(),
        ["selected", "reserve", "rejected"]
    );
    // Selecting the reserve too would pass the envelope: refused, nothing changes.
    let beyond =
        decide(json!([{"application_id": app_b, "outcome": "selected", "reason": "Finalement."}])).await.unwrap();
    let problem = assert_problem(beyond, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "beyond_envelope");
    assert_eq!(status_of(&f, &app_b).await, "reserve");
    f.move_call(&call_id, "decided").await;

    // The applicant reads the committee's message, in French, fields filled in.
    let applicant = applicant_token("awa", "diadem", &a);
    let messages = f.get(&applicant, &format!("/applications/{app_a}/messages")).await;
    let selected = messages.as_array().unwrap().iter().find(|m| m["kind"] == "selected").expect("a selected message");
    let body = selected["body"].as_str().unwrap();
    assert!(
        body.contains("Maraîchage solidaire")
            && body.contains("Appel à projets restreint MODAL 2021")
            && body.contains("Projet solide."),
        "{body}"
    );
    assert!(body.contains("5\u{202f}000\u{202f}000 XOF"), "{body}");

    // The grant: agreement in French, amount in words; both signatures contract it.
    let grant = f.signed_grant(&app_a, 5_000_000).await;
    let grant_id = grant["id"].as_str().unwrap().to_string();
    assert_eq!(grant["status"], "signed");
    assert_eq!(grant["parties"]["applicant"]["name"], "Jappo Thiès");
    assert_eq!(status_of(&f, &app_a).await, "contracted");
    let pdf = f.funding.get(&f.path(&format!("/grants/{grant_id}/agreement")), &applicant).send().await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = String::from_utf8_lossy(&pdf.bytes().await.unwrap()).into_owned();
    assert!(pdf.contains("cinq millions de francs CFA"), "amount in words");
    assert!(pdf.contains("CONVENTION DE SUBVENTION") && pdf.contains("Jappo Thi\\350s"));

    // Tranche 1 paid; tranche 2 waits for the tranche 1 report.
    let first = f.approved_request(&grant_id, 1, None).await;
    let paid = f.pay(&first, "t1", 3_000_000).send().await.unwrap();
    assert_eq!(paid.status(), 201);
    assert_eq!(status_of(&f, &app_a).await, "in_progress");
    let todo = f.get(&applicant, "/todo").await;
    assert_eq!(todo[0]["kind"], "send_report", "{todo}");
    let second = f.approved_request(&grant_id, 2, None).await;
    assert_problem(f.pay(&second, "t2", 2_000_000).send().await.unwrap(), 409, "report_not_accepted").await;

    let report = f
        .post(
            &applicant,
            &format!("/grants/{grant_id}/tranches/1/reports"),
            json!({
                "narrative": "Motopompe installée, 40 femmes formées.",
                "expenses": [{"budget_line": "l1", "description": "Motopompe", "amount": 2_900_000}]
            }),
        )
        .await;
    let report_id = report["id"].as_str().unwrap();
    assert_eq!(report["by_budget_line"][0]["planned"], 5_000_000);
    assert_eq!(report["by_budget_line"][0]["spent"], 2_900_000);
    let receipt = f
        .funding
        .http
        .post(f.funding.url(&f.path(&format!("/reports/{report_id}/receipts?filename=facture.png"))))
        .bearer_auth(&applicant)
        .header("Content-Type", "image/png")
        .body(b"\x89PNG\r\n\x1a\nreceipt".to_vec())
        .send()
        .await
        .unwrap();
    let receipt = json(receipt).await;
    let download = f
        .funding
        .get(&f.path(&format!("/attachments/{}", receipt["id"].as_str().unwrap())), &applicant)
        .send()
        .await
        .unwrap();
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"\x89PNG\r\n\x1a\nreceipt");
    f.post(&f.coord, &format!("/reports/{report_id}/review"), json!({"outcome": "accepted"})).await;
    // A new attempt takes a new key: the refused one would replay its refusal.
    assert_eq!(f.pay(&second, "t2-after-report", 2_000_000).send().await.unwrap().status(), 201);

    let last = f.post(&applicant, &format!("/grants/{grant_id}/tranches/2/reports"), json!({
        "narrative": "Première récolte vendue.", "expenses": [{"budget_line": "l2", "description": "Formations", "amount": 500_000}]
    })).await;
    f.post(&f.coord, &format!("/reports/{}/review", last["id"].as_str().unwrap()), json!({"outcome": "accepted"}))
        .await;
    assert_eq!(status_of(&f, &app_a).await, "completed");
    f.post(
        &f.coord,
        &format!("/applications/{app_a}/transitions"),
        json!({"to": "closed", "reason": "Projet clôturé."}),
    )
    .await;
    assert_eq!(f.move_call(&call_id, "archived").await["status"], "archived");

    let history = f.get(&f.coord, &format!("/applications/{app_a}/history")).await;
    let path: Vec<&str> = history.as_array().unwrap().iter().map(|t| t["to"].as_str().unwrap()).collect();
    assert_eq!(
        path,
        ["submitted", "eligible", "under_review", "selected", "contracted", "in_progress", "completed", "closed"]
    );

    // The period's figures: what was asked, selected, committed and paid.
    let stats = f.get(&f.coord, "/stats").await;
    let xof = &stats["amounts"][0];
    assert_eq!(xof["currency"], "XOF");
    assert_eq!((xof["requested"].as_i64(), xof["selected"].as_i64()), (Some(11_000_000), Some(5_000_000)));
    assert_eq!((xof["committed"].as_i64(), xof["disbursed"].as_i64()), (Some(5_000_000), Some(5_000_000)));
    // 5 000 000 XOF at 655.957 = 7 622.45 EUR.
    assert_eq!(stats["amounts_eur"]["disbursed"], 762_245);
    let counted: i64 = stats["applications"].as_array().unwrap().iter().map(|c| c["count"].as_i64().unwrap()).sum();
    assert_eq!(counted, 3);
    assert!(stats["applications"].as_array().unwrap().iter().all(|c| c["applicant_kind"] == "local_association"));
    let before = f.get(&f.coord, "/stats?to=2021-01-01").await;
    assert_eq!(before["amounts"], json!([]), "nothing happened before the call");
}
