//! Bulk enrolment from a spreadsheet across the real services: organisations named
//! by id or by exact name are found in the real registry; a bad file enrols
//! nobody; sending a file again enrols nobody twice.

use modal_kit::spreadsheet::{xlsx, Cell};
use modal_testkit::{assert_problem, json, spawn_system, token, TestApp};
use serde_json::{json, Value};

async fn post_file(app: &TestApp, url: &str, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    let c = token(&["diadem"], &["coordinator"]);
    app.http.post(app.url(url)).bearer_auth(c).header("content-type", content_type).body(body).send().await.unwrap()
}

async fn names(app: &TestApp, training: &str) -> Vec<String> {
    let url = format!("/v1/tenants/diadem/trainings/{training}/participants?limit=200");
    let page = json(app.get(&url, &token(&["diadem"], &["coordinator"])).send().await.unwrap()).await;
    let mut names: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

fn fields(problem: &Value) -> Vec<(String, String)> {
    let errors = problem["errors"].as_array().unwrap();
    errors.iter().map(|e| (e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into())).collect()
}

#[tokio::test]
async fn a_file_enrols_everyone_or_nobody_and_sending_it_again_enrols_nobody_twice() {
    let apps = spawn_system(modal::services()).await;
    let (registry, training) = (&apps[0], &apps[1]);
    let c = token(&["diadem"], &["coordinator"]);
    let org = |name: &str, country: &str| {
        let body = json!({"kind": "local_association", "name": name, "country": country});
        registry.post("/v1/tenants/diadem/organisations", &c, &body).send()
    };
    let jappo = json(org("Jappo Thiès", "SN").await.unwrap()).await;
    let kawral = json(org("Kawral", "SN").await.unwrap()).await;
    json(org("Kawral", "ML").await.unwrap()).await;
    let body = json!({"title": "Gouvernance", "city": "Thiès", "country": "SN", "start_date": "2021-08-02",
        "end_date": "2021-08-06", "format": "hybrid", "capacity_on_site": 3});
    let t = json(training.post("/v1/tenants/diadem/trainings", &c, &body).send().await.unwrap()).await;
    let tid = t["id"].as_str().unwrap();
    let url = format!("/v1/tenants/diadem/trainings/{tid}/participants/import");

    let file = format!(
        "\u{feff}Nom;Sexe;Mode;Organisation;Courriel;Téléphone\n\
         Awa Diop;Femme;sur place;jappo thiès;awa@example.org;\n\
         Moussa Ba;homme;en ligne;{};;\n\
         Fatou Sow;F;Sur place;;;+221 77 000 00 03\n",
        kawral["id"].as_str().unwrap()
    );
    let res = post_file(training, &url, "text/csv", file.clone().into_bytes()).await;
    assert_eq!(res.status(), 200);
    let report = json(res).await;
    assert_eq!((report["enrolled"].as_u64(), report["already_enrolled"].as_u64()), (Some(3), Some(0)));
    assert_eq!(report["lines"][0]["line"], 2);
    assert_eq!(names(training, tid).await, vec!["Awa Diop", "Fatou Sow", "Moussa Ba"]);
    let list =
        json(training.get(&format!("/v1/tenants/diadem/trainings/{tid}/participants"), &c).send().await.unwrap()).await;
    let awa = list["items"].as_array().unwrap().iter().find(|p| p["full_name"] == "Awa Diop").unwrap().clone();
    assert_eq!(awa["organisation"]["id"], jappo["id"], "found by its exact name, case aside");

    // The same file again (the email typed in capitals this time) enrols nobody.
    let again =
        post_file(training, &url, "text/csv", file.replace("awa@example.org", "AWA@example.org").into_bytes()).await;
    let report = json(again).await;
    assert_eq!((report["enrolled"].as_u64(), report["already_enrolled"].as_u64()), (Some(0), Some(3)));

    // One bad cell and nobody is enrolled; each bad cell is named by its line.
    let bad = "nom;sexe;mode;organisation\nBinta;x;en ligne;\nCoumba;femme;en ligne;Kawral\nDado;femme;en ligne;Inconnue\nEli;homme;en ligne;\n";
    let res = post_file(training, &url, "text/csv", bad.as_bytes().to_vec()).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    let expected = [
        ("lines[2].sex", "invalid_value"),
        ("lines[3].organisation", "ambiguous_organisation"),
        ("lines[4].organisation", "unknown_organisation"),
    ];
    assert_eq!(fields(&problem), expected.map(|(f, c)| (f.to_string(), c.to_string())));
    assert_eq!(names(training, tid).await.len(), 3, "nothing half-imported");

    // An XLSX that needs more on-site seats than are left is refused whole; one that fits is enrolled.
    let sheet = |people: &[(&str, &str)]| {
        let mut lines = vec![vec![Cell::from("Nom"), Cell::from("Sexe"), Cell::from("Mode")]];
        lines.extend(people.iter().map(|(n, m)| vec![Cell::from(*n), Cell::from("femme"), Cell::from(*m)]));
        xlsx(&[("Participants".into(), lines)]).unwrap()
    };
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let full = post_file(training, &url, XLSX, sheet(&[("Gnima", "sur place"), ("Haby", "sur place")])).await;
    assert_problem(full, 409, "conflict").await;
    assert_eq!(names(training, tid).await.len(), 3);
    let fits = post_file(training, &url, XLSX, sheet(&[("Gnima", "sur place"), ("Haby", "en ligne")])).await;
    assert_eq!(json(fits).await["enrolled"], 2);
    assert_eq!(names(training, tid).await.len(), 5);

    let pdf = post_file(training, &url, "application/pdf", b"%PDF".to_vec()).await;
    assert_problem(pdf, 415, "unsupported_media_type").await;
    let trainer = training
        .http
        .post(training.url(&url))
        .bearer_auth(token(&["diadem"], &["viewer"]))
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_problem(trainer, 403, "forbidden").await;
}

#[tokio::test]
async fn files_sent_at_once_never_fill_more_on_site_seats_than_there_are() {
    let apps = spawn_system(modal::services()).await;
    let training = &apps[1];
    let c = token(&["diadem"], &["coordinator"]);
    let body = json!({"title": "Nexus", "city": "Dakar", "country": "SN", "start_date": "2021-09-06",
        "end_date": "2021-09-07", "format": "on_site", "capacity_on_site": 3});
    let t = json(training.post("/v1/tenants/diadem/trainings", &c, &body).send().await.unwrap()).await;
    let url = format!("/v1/tenants/diadem/trainings/{}/participants/import", t["id"].as_str().unwrap());
    let files = (0..8).map(|i| format!("nom;sexe;mode\nPersonne {i};femme;sur place\n").into_bytes());
    let answers = futures_util::future::join_all(files.map(|f| post_file(training, &url, "text/csv", f))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, vec![200, 200, 200, 409, 409, 409, 409, 409], "three seats, three files in");
    assert_eq!(names(training, t["id"].as_str().unwrap()).await.len(), 3);
}
