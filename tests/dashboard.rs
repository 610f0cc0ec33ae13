//! The dashboard a programme officer opens, in headless Chromium (Debian's
//! `chromium`): figures put in through the services appear on the page, and the
//! charts drew — bars of each series' colour, as long as their numbers say.
//!
//! Needs `chromium`, which `.ci/run` installs: ignored by the plain `cargo test`,
//! run by `-- --include-ignored`, and failing there when Chromium is missing.
//! `MODAL_KEEP_SCREENSHOTS=<folder>` keeps the screenshots to look at.

mod common;

use chrono::Datelike;
use common::funding::flow;
use modal_testkit::{json, spawn_system, token, TestApp};
use serde_json::json;
use std::process::Command;

const WOMEN: [u8; 3] = [0x8e, 0x3b, 0x8f];
const MEN: [u8; 3] = [0x2f, 0x6d, 0xb5];
const COMMITTED: [u8; 3] = [0x6b, 0x4f, 0x1d];
const DISBURSED: [u8; 3] = [0x3f, 0xa3, 0x4d];

/// A screenshot of `url` in a window of `size`: its pixels, row by row.
fn screenshot(url: &str, size: (u32, u32), name: &str) -> Vec<[u8; 3]> {
    let file = std::env::temp_dir().join(format!("modal-dashboard-{}-{name}.png", std::process::id()));
    let file = file.to_string_lossy().into_owned();
    let out = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
        .arg(format!("--window-size={},{}", size.0, size.1))
        .arg(format!("--screenshot={file}"))
        .arg(url)
        .output()
        .expect("Debian's chromium (apt-get install chromium fonts-noto-core)");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    if let Ok(keep) = std::env::var("MODAL_KEEP_SCREENSHOTS") {
        std::fs::copy(&file, format!("{keep}/dashboard-{name}.png")).unwrap();
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    assert_eq!((info.width, info.height), size);
    match info.color_type {
        png::ColorType::Rgb => buf.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect(),
        png::ColorType::Rgba => buf.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect(),
        other => panic!("unexpected screenshot colours: {other:?}"),
    }
}

/// How many pixels are (nearly) `colour`.
fn pixels(shot: &[[u8; 3]], colour: [u8; 3]) -> usize {
    shot.iter().filter(|p| p.iter().zip(colour).all(|(a, b)| a.abs_diff(b) <= 10)).count()
}

/// A training of `tenant` held today, with `(sex, mode)` participants.
async fn training(apps: &[TestApp], tenant: &str, city: &str, people: &[(&str, &str, usize)]) {
    let (registry, training) = (&apps[0], &apps[1]);
    let c = token(&[tenant], &["coordinator"]);
    let today = chrono::Utc::now().date_naive().to_string();
    let org = json(
        registry
            .post(
                &format!("/v1/tenants/{tenant}/organisations"),
                &c,
                &json!({"kind": "local_association", "name": format!("Association de {city}"), "country": "SN"}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    let body = json!({"title": format!("Formation de {city}"), "city": city, "country": "SN", "start_date": today, "end_date": today, "format": "hybrid"});
    let tr = json(training.post(&format!("/v1/tenants/{tenant}/trainings"), &c, &body).send().await.unwrap()).await;
    let tid = tr["id"].as_str().unwrap();
    for (sex, mode, n) in people {
        for i in 0..*n {
            let p = json!({"full_name": format!("{city} {sex} {mode} {i}"), "sex": sex, "mode": mode, "organisation_id": org["id"]});
            let res = training
                .post(&format!("/v1/tenants/{tenant}/trainings/{tid}/participants"), &c, &p)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
        }
    }
}

#[tokio::test]
#[ignore = "needs Debian's chromium; run with --include-ignored (CI does)"]
async fn a_programme_officer_reads_the_figures_and_sees_the_charts_drawn() {
    let apps = spawn_system(modal::services()).await;
    let reporting = &apps[3];
    let year = chrono::Utc::now().year().to_string();
    // DIADEM: 12 women and 4 men; FECONG: 2 women and 6 men.
    training(&apps, "diadem", "Thiès", &[("female", "on_site", 8), ("female", "online", 4), ("male", "on_site", 4)])
        .await;
    training(&apps, "fecong", "Bamako", &[("female", "online", 2), ("male", "on_site", 6)]).await;
    // DIADEM commits 6,559,570 XOF (10,000 €) and pays its first tranche (6,000 €) today.
    let f = flow(&apps, "diadem");
    let grant = f.funded("Maraîchage de Thiès", 6_559_570).await;
    let request = f.approved_request(grant["id"].as_str().unwrap(), 1, None).await;
    let today = chrono::Utc::now().date_naive().to_string();
    let pay = json!({"amount": 3_935_742, "paid_on": today, "reference": "VIR-1"});
    let paid = f.funding.post(&f.path(&format!("/disbursements/{request}/payments")), &f.admin, &pay);
    let paid = paid.header("Idempotency-Key", "dashboard-pay-1").send().await.unwrap();
    assert!(paid.status().is_success(), "{}", paid.text().await.unwrap());
    let c = token(&["diadem"], &["coordinator"]);
    let outcome =
        json!({"kind": "network", "title": "Groupe WhatsApp des formés de Thiès", "occurred_on": today, "members": 57});
    assert_eq!(reporting.post("/v1/tenants/diadem/outcomes", &c, &outcome).send().await.unwrap().status(), 201);

    let programme = token(&[], &["programme_admin"]);
    let gathered = json(
        reporting
            .post("/v1/programme/snapshots", &programme, &json!({"year": year.parse::<i32>().unwrap()}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(gathered["failed"], json!([]), "{gathered}");

    // The page's words and numbers, as the browser receives them.
    let page = reporting.get(&format!("/v1/programme/dashboard?period={year}"), &programme).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    for expected in [
        "Tableau de bord MODAL",
        "Programme MODAL",
        "DIADEM",
        "FECONG",
        "Groupe WhatsApp des formés de Thiès",
        "57 membres",
        "10\u{202f}000\u{202f}€",
        "6\u{202f}000\u{202f}€",
    ] {
        assert!(html.contains(expected), "the page lacks {expected:?}");
    }
    // 14 women of 24 persons trained: 58.3 %, the programme's ratio of summed counts.
    assert!(html.contains(r#"<div class="card" id="kf-persons_trained"><b>24</b>"#), "{html}");
    assert!(html.contains("58,3\u{202f}%"));
    assert!(!html.contains("<script"), "no script: the page works offline and without a CDN");

    // Opened from a signed link, in a desktop window and on a phone.
    let link = json(
        reporting.post("/v1/programme/dashboard/links", &programme, &json!({"period": year})).send().await.unwrap(),
    )
    .await;
    let url = link["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&reporting.base), "{url}");
    let desk = screenshot(&url, (1280, 2400), "desktop");
    let (women, men) = (pixels(&desk, WOMEN), pixels(&desk, MEN));
    // Bars of 12+2 women and 4+6 men at the same scale (the legend's swatches alike).
    let ratio = women as f64 / men as f64;
    assert!(women > 3000 && men > 2000, "sex chart not drawn: {women} women, {men} men pixels");
    assert!((1.2..1.6).contains(&ratio), "women/men bars {women}/{men} = {ratio:.2}, expected about 14/10");
    let (committed, disbursed) = (pixels(&desk, COMMITTED), pixels(&desk, DISBURSED));
    assert!(committed > 3000 && disbursed > 1500, "funding chart not drawn: {committed} / {disbursed}");
    let funding_ratio = disbursed as f64 / committed as f64;
    assert!((0.5..0.7).contains(&funding_ratio), "disbursed/committed bars {funding_ratio:.2}, expected about 0.6");
    let phone = screenshot(&url, (390, 2400), "phone");
    assert!(pixels(&phone, WOMEN) > 500 && pixels(&phone, DISBURSED) > 300, "charts not drawn on a phone");

    // A forged or tampered link opens nothing.
    let forged = url.replace("scope=programme", "scope=diadem");
    let res = reporting.http.get(&forged).send().await.unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Ce lien a expiré ou n'est pas valide"));
}
