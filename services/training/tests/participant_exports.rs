//! Participant lists as donors take them: CSV (BOM, `;`, French headers and
//! labels) or XLSX, for one training or for a period across trainings.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, TestApp};
use serde_json::json;

async fn mark_all_present(app: &TestApp, tenant: &str, training: &str, days: &[&str]) {
    for day in days {
        let url = format!("{}/{training}/days/{day}/attendance", trainings(tenant));
        let res = app.put(&url, &coordinator(tenant), &json!({"default": "present"})).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
}

async fn text_of(app: &TestApp, url: &str, lang: &str) -> (String, String) {
    let res = app.get(url, &coordinator("diadem")).header("accept-language", lang).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    let kind = res.headers()["content-type"].to_str().unwrap().to_string();
    (kind, res.text().await.unwrap())
}

#[tokio::test]
async fn a_trainings_participants_export_in_french_with_labels_and_certificate_codes() {
    let s = system().await;
    let app = &s.training;
    let org = create_org(&s.registry, "diadem", "Jappo Thiès", "local_association", "SN");
    let t =
        create_training(app, "diadem", &training_body("Gestion de projets", "Thiès", "SN", "2021-08-02", "2021-08-03"))
            .await;
    let tid = t["id"].as_str().unwrap();
    assert_eq!(enrol(app, "diadem", tid, &person("Awa Diop", "female", "on_site", Some(&org))).await.status(), 201);
    assert_eq!(enrol(app, "diadem", tid, &person("=HYPERLINK(\"x\")", "male", "online", None)).await.status(), 201);
    mark_all_present(app, "diadem", tid, &["2021-08-02", "2021-08-03"]).await;
    let issued = app
        .post(&format!("{}/{tid}/certificates", trainings("diadem")), &coordinator("diadem"), &json!({}))
        .send()
        .await
        .unwrap();
    let issued = json(issued).await;
    let settle =
        app.post(&format!("{}/{tid}/attendance/statuses", trainings("diadem")), &coordinator("diadem"), &json!({}));
    assert_eq!(settle.send().await.unwrap().status(), 200);

    let url = format!("{}/{tid}/participants/export", trainings("diadem"));
    let (kind, csv) = text_of(app, &url, "fr").await;
    assert!(kind.starts_with("text/csv"));
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark, for Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Formation;Début;Fin;Lieu;Participant;Sexe;Mode;Organisation;Type d'organisation;Pays de l'organisation;Statut;Présence pondérée (%);Certificat");
    let awa = lines.iter().find(|l| l.contains("Awa Diop")).unwrap();
    let code =
        issued["issued"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).find(|c| awa.contains(c));
    assert!(code.is_some(), "Awa's certificate code is on her line: {awa}");
    assert!(awa.starts_with("Gestion de projets;2021-08-02;2021-08-03;Thiès, SN;Awa Diop;femme;sur place;Jappo Thiès;association locale;SN;présence complète;100;"), "{awa}");
    let other = lines.iter().find(|l| l.contains("HYPERLINK")).unwrap();
    assert!(other.contains(";\"'=HYPERLINK"), "a formula is neutralised: {other}");
    assert!(other.contains(";homme;en ligne;;;;"), "no organisation: {other}");

    let (_, english) = text_of(app, &url, "en").await;
    assert!(english.contains("Training;Start;End;Place;Participant;Sex;Mode;Organisation"));
    assert!(english.contains(";woman;on site;Jappo Thiès;local association;SN;fully attended;100;"));

    let (_, sheet) = text_of(app, &format!("{}/{tid}/attendance/export", trainings("diadem")), "fr").await;
    assert!(sheet.starts_with("\u{feff}Formation;Gestion de projets"), "{sheet}");
    assert!(sheet.contains("Awa Diop;sur place;présent;présent;100"), "marks read in French: {sheet}");

    let res = app.get(&format!("{url}?format=xlsx"), &coordinator("diadem")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(&res.bytes().await.unwrap()[..2], b"PK", "an XLSX is a zip");
    let res = app.get(&format!("{url}?format=pdf"), &coordinator("diadem")).send().await.unwrap();
    assert_eq!(res.status(), 400, "an unknown format is refused");
}

#[tokio::test]
async fn a_periods_export_holds_the_trainings_that_overlap_it() {
    let s = system().await;
    let app = &s.training;
    for (title, start, end) in [("Août 2021", "2021-08-02", "2021-08-03"), ("Mars 2022", "2022-03-07", "2022-03-07")] {
        let t = create_training(app, "diadem", &training_body(title, "Dakar", "SN", start, end)).await;
        let tid = t["id"].as_str().unwrap();
        assert_eq!(
            enrol(app, "diadem", tid, &person(&format!("Personne {title}"), "female", "online", None)).await.status(),
            201
        );
    }
    let base = "/v1/tenants/diadem/participants/export";
    let (_, year) = text_of(app, &format!("{base}?from=2021-01-01&to=2021-12-31"), "fr").await;
    assert!(year.contains("Personne Août 2021") && !year.contains("Mars 2022"));
    let (_, all) = text_of(app, base, "fr").await;
    assert_eq!(all.lines().count(), 3, "a header and both trainings' lines");
    let bad = app.get(&format!("{base}?from=2022-01-01&to=2021-01-01"), &coordinator("diadem")).send().await.unwrap();
    assert_problem(bad, 422, "validation_failed").await;
    let viewer = app.get(base, &modal_testkit::token(&["diadem"], &["viewer"])).send().await.unwrap();
    assert_problem(viewer, 403, "forbidden").await;
}
