//! The programme's own example: three hybrid trainings in August 2021 — Thiès
//! (DIADEM), Bamako (FECONG), Bassam (PAIPS) — 45 participants on site and 30
//! online in total, attendance per day, certificates by rule, and the figures.

mod common;

use common::*;
use modal_testkit::json;
use serde_json::json;

#[tokio::test]
async fn three_trainings_75_participants_attendance_certificates_and_stats() {
    let sys = system().await;
    let sessions = [
        ("diadem", "Thiès", "SN", "2021-08-02", "2021-08-06"),
        ("fecong", "Bamako", "ML", "2021-08-09", "2021-08-13"),
        ("paips", "Bassam", "CI", "2021-08-23", "2021-08-27"),
    ];
    let (mut on_site, mut online, mut certified) = (0, 0, 0);
    for (tenant, city, country, start, end) in sessions {
        let local = create_org(&sys.registry, tenant, &format!("Association de {city}"), "local_association", country);
        let diaspora =
            create_org(&sys.registry, tenant, &format!("Diaspora de {city} à Paris"), "diaspora_organisation", "FR");
        let t =
            create_training(&sys.training, tenant, &training_body("Formation MODAL", city, country, start, end)).await;
        let tid = t["id"].as_str().unwrap();
        assert_eq!(t["days"].as_array().unwrap().len(), 5);
        let mut ids = Vec::new();
        for i in 0..25 {
            let mode = if i < 15 { "on_site" } else { "online" };
            let sex = if i % 2 == 0 { "female" } else { "male" };
            let org = match i % 3 {
                0 => Some(local.as_str()),
                1 => Some(diaspora.as_str()),
                _ => None,
            };
            let res =
                enrol(&sys.training, tenant, tid, &person(&format!("Personne {i} de {city}"), sex, mode, org)).await;
            assert_eq!(res.status(), 201);
            ids.push(json(res).await["id"].as_str().unwrap().to_string());
        }
        // Everyone present every day, except: the first 5 absent on two days (60 %),
        // and the next 5 late on one day (95 %).
        for day in t["days"].as_array().unwrap() {
            let day = day.as_str().unwrap();
            let mut marks = Vec::new();
            if day.ends_with("02")
                || day.ends_with("03")
                || day.ends_with("09")
                || day.ends_with("10")
                || day.ends_with("23")
                || day.ends_with("24")
            {
                marks.extend(ids[..5].iter().map(|p| json!({"participant_id": p, "status": "absent"})));
                marks.extend(ids[5..10].iter().map(|p| json!({"participant_id": p, "status": if day.ends_with('2') || day.ends_with('9') || day.ends_with('3') { "late" } else { "present" }})));
            }
            let res = sys
                .training
                .put(
                    &format!("{}/{tid}/days/{day}/attendance", trainings(tenant)),
                    &coordinator(tenant),
                    &json!({"default": "present", "marks": marks}),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        let report = json(
            sys.training
                .post(&format!("{}/{tid}/certificates", trainings(tenant)), &coordinator(tenant), &json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(report["issued"].as_array().unwrap().len(), 20, "{report}");
        assert_eq!(report["not_eligible"], 5);
        let again = json(
            sys.training
                .post(&format!("{}/{tid}/certificates", trainings(tenant)), &coordinator(tenant), &json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(again["issued"], json!([]));
        assert_eq!(again["already_issued"], 20);

        let stats =
            json(sys.training.get(&format!("/v1/tenants/{tenant}/stats"), &coordinator(tenant)).send().await.unwrap())
                .await;
        assert_eq!(stats["trainings"], 1);
        assert_eq!(stats["trainings_held"], 1);
        assert_eq!(stats["participants"], 25);
        assert_eq!(stats["by_sex"]["female"], 13);
        assert_eq!(stats["by_organisation_kind"]["local_association"], 9);
        assert_eq!(stats["by_organisation_kind"]["diaspora_organisation"], 8);
        assert_eq!(stats["by_organisation_kind"]["none"], 8);
        assert_eq!(stats["by_organisation_country"]["FR"], 8);
        on_site += stats["by_mode"]["on_site"].as_i64().unwrap();
        online += stats["by_mode"]["online"].as_i64().unwrap();
        certified += stats["certificates_issued"].as_i64().unwrap();
    }
    assert_eq!((on_site, online, certified), (45, 30, 60));

    // A period's figures are what happened in it: the trainings of August 2021 are
    // in Q3 2021 and not in Q4; their certificates were issued today, not in 2021.
    let stats_for = |tenant: &'static str, from: &str, to: &str| {
        let url = format!("/v1/tenants/{tenant}/stats?from={from}&to={to}");
        let req = sys.training.get(&url, &coordinator(tenant));
        async move { json(req.send().await.unwrap()).await }
    };
    let q3 = stats_for("fecong", "2021-07-01", "2021-09-30").await;
    assert_eq!((q3["from"].as_str(), q3["to"].as_str()), (Some("2021-07-01"), Some("2021-09-30")));
    assert_eq!((q3["trainings"].as_i64(), q3["trainings_held"].as_i64()), (Some(1), Some(1)));
    assert_eq!((q3["participants"].as_i64(), q3["by_sex"]["female"].as_i64()), (Some(25), Some(13)));
    assert_eq!(q3["certificates_issued"], 0);
    let q4 = stats_for("fecong", "2021-10-01", "2021-12-31").await;
    assert_eq!((q4["trainings"].as_i64(), q4["participants"].as_i64()), (Some(0), Some(0)));
    assert_eq!(q4["by_sex"], json!({}));
    let today = chrono::Utc::now().date_naive();
    let (yesterday, tomorrow) = (today.pred_opt().unwrap().to_string(), today.succ_opt().unwrap().to_string());
    let now = stats_for("fecong", &yesterday, &tomorrow).await;
    assert_eq!((now["trainings"].as_i64(), now["certificates_issued"].as_i64()), (Some(0), Some(20)));
    let upside_down =
        sys.training.get("/v1/tenants/fecong/stats?from=2021-10-01&to=2021-09-30", &coordinator("fecong"));
    let problem = json(upside_down.send().await.unwrap()).await;
    assert_eq!((problem["status"].as_i64(), problem["errors"][0]["field"].as_str()), (Some(422), Some("to")));
}
