//! Certificates that look like the partner's: a template per tenant (signatories,
//! wording, funders, logos) set over HTTP, and the PDF printed in the training's
//! language — Arabic included — read back with Debian's poppler-utils: the text by
//! `pdftotext`, the page as an image by `pdftoppm`.

mod common;

use common::*;
use modal_testkit::{assert_problem, json, token, TestApp};
use serde_json::{json, Value};
use std::process::Command;

fn template_url(tenant: &str) -> String {
    format!("/v1/tenants/{tenant}/certificate-template")
}

/// A `width` × `height` PNG of one colour.
fn png_of(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let pixels: Vec<u8> = (0..width * height).flat_map(|_| rgb).collect();
    encoder.write_header().unwrap().write_image_data(&pixels).unwrap();
    out
}

async fn upload_logo(app: &TestApp, tenant: &str, slot: &str, bytes: Vec<u8>, kind: &str) -> reqwest::Response {
    app.http
        .put(app.url(&format!("{}/logos/{slot}", template_url(tenant))))
        .bearer_auth(coordinator(tenant))
        .header("content-type", kind)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// A certificate of `holder` for a training in `language`; the PDF's bytes.
async fn printed(app: &TestApp, tenant: &str, language: &str, holder: &str) -> (Vec<u8>, String) {
    let mut body = training_body("Gouvernance associative", "Tanger", "MA", "2021-08-09", "2021-08-10");
    body["language"] = json!(language);
    let t = create_training(app, tenant, &body).await;
    let tid = t["id"].as_str().unwrap();
    let p = json(enrol(app, tenant, tid, &person(holder, "female", "on_site", None)).await).await;
    assert!(p["id"].is_string(), "{p}");
    for day in ["2021-08-09", "2021-08-10"] {
        let url = format!("{}/{tid}/days/{day}/attendance", trainings(tenant));
        let res = app.put(&url, &coordinator(tenant), &json!({"default": "present"})).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
    let url = format!("{}/{tid}/certificates", trainings(tenant));
    let issued = json(app.post(&url, &coordinator(tenant), &json!({})).send().await.unwrap()).await;
    let cert = &issued["issued"][0];
    let url = format!("{}/{tid}/certificates/{}/pdf", trainings(tenant), cert["id"].as_str().unwrap());
    let res = app.get(&url, &coordinator(tenant)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    (res.bytes().await.unwrap().to_vec(), cert["code"].as_str().unwrap().to_string())
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("modal-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// The PDF's text as poppler extracts it.
fn pdftotext(pdf: &str) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", pdf, "-"]).output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The page drawn at 40 dpi by poppler: (width, height, RGB pixels).
fn pdftoppm(pdf: &str, name: &str) -> (usize, usize, Vec<[u8; 3]>) {
    let stem = std::env::temp_dir().join(format!("modal-{}-{name}", std::process::id()));
    let stem = stem.to_string_lossy().into_owned();
    let out =
        Command::new("pdftoppm").args(["-png", "-r", "40", "-singlefile", pdf, &stem]).output().expect("pdftoppm");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    if let Ok(keep) = std::env::var("MODAL_KEEP_SCREENSHOTS") {
        std::fs::copy(format!("{stem}.png"), format!("{keep}/certificate-pdf-{name}.png")).unwrap();
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(format!("{stem}.png")).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = if info.color_type == png::ColorType::Rgba { 4 } else { 3 };
    let rgb = buf[..info.buffer_size()].chunks_exact(step).map(|p| [p[0], p[1], p[2]]).collect();
    (info.width as usize, info.height as usize, rgb)
}

/// Share of the pixels in the box (fractions of the page, from the top left) that
/// are close to `colour`.
fn share(image: &(usize, usize, Vec<[u8; 3]>), x: (f64, f64), y: (f64, f64), colour: [u8; 3]) -> f64 {
    let (w, h, px) = image;
    let (x0, x1) = ((x.0 * *w as f64) as usize, (x.1 * *w as f64) as usize);
    let (y0, y1) = ((y.0 * *h as f64) as usize, (y.1 * *h as f64) as usize);
    let near = |p: &[u8; 3]| p.iter().zip(colour).all(|(a, b)| a.abs_diff(b) < 60);
    let hits = (y0..y1).flat_map(|r| (x0..x1).map(move |c| (r, c))).filter(|(r, c)| near(&px[r * w + c])).count();
    hits as f64 / ((x1 - x0) * (y1 - y0)) as f64
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
#[ignore = "needs Debian's poppler-utils (pdftotext, pdftoppm); run with --include-ignored (CI does)"]
async fn the_certificate_prints_in_the_trainings_language_arabic_included_with_the_partners_template() {
    let sys = system().await;
    let app = &sys.training;
    let template = json!({
        "signatories": [{"name": "Nadia El Amrani", "title": "منسقة البرنامج"}, {"name": "Karim Benali", "title": "Président"}],
        "funders": ["Union européenne", "AFD"],
        "wording": {"fr": {"statement": "a suivi avec assiduité la formation"}}
    });
    let res = app.put(&template_url("adept-morocco"), &coordinator("adept-morocco"), &template).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        upload_logo(app, "adept-morocco", "partner", png_of(200, 80, [220, 30, 30]), "image/png").await.status(),
        204
    );
    assert_eq!(
        upload_logo(app, "adept-morocco", "funder-1", png_of(60, 60, [30, 30, 220]), "image/png").await.status(),
        204
    );

    let (arabic, code) = printed(app, "adept-morocco", "ar", "عائشة بنعلي").await;
    let file = temp_file("certificate-ar.pdf", &arabic);
    let text = squeeze(&pdftotext(&file));
    for expected in [
        "شهادة مشاركة",
        "عائشة بنعلي",
        "نشهد بأن",
        "رمز التحقق",
        &code,
        "Nadia El Amrani",
        "منسقة البرنامج",
        "بدعم من",
        "AFD",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in the Arabic certificate's text: {text}");
    }
    assert!(!text.contains('?'), "no letter lost: {text}");
    let page = pdftoppm(&file, "ar");
    assert!(page.0 > page.1, "landscape");
    // Right to left: the partner's logo (red) at the top right, the QR code at the bottom left.
    assert!(share(&page, (0.76, 0.95), (0.06, 0.17), [220, 30, 30]) > 0.3, "the partner's logo at the top right");
    assert!(share(&page, (0.05, 0.25), (0.06, 0.17), [220, 30, 30]) < 0.01);
    assert!(share(&page, (0.07, 0.2), (0.72, 0.9), [0, 0, 0]) > 0.25, "the QR code at the bottom left");
    assert!(share(&page, (0.3, 0.7), (0.34, 0.42), [0, 0, 0]) > 0.02, "the holder's name is drawn");

    let (french, _) = printed(app, "adept-morocco", "fr", "Awa Ndiaye").await;
    let file = temp_file("certificate-fr.pdf", &french);
    let text = squeeze(&pdftotext(&file));
    for expected in [
        "CERTIFICAT DE PARTICIPATION",
        "Awa Ndiaye",
        "a suivi avec assiduité la formation",
        "Code de vérification",
        "Avec le soutien de",
        "Union européenne",
        "منسقة البرنامج",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in the French certificate's text: {text}");
    }
    let page = pdftoppm(&file, "fr");
    assert!(share(&page, (0.05, 0.24), (0.06, 0.17), [220, 30, 30]) > 0.3, "the partner's logo at the top left");
    assert!(share(&page, (0.3, 0.7), (0.75, 0.95), [30, 30, 220]) > 0.005, "the funder's logo at the foot");

    let (english, _) = printed(app, "adept-morocco", "en", "Youssef Alaoui").await;
    let text = squeeze(&pdftotext(&temp_file("certificate-en.pdf", &english)));
    for expected in ["CERTIFICATE OF PARTICIPATION", "Youssef Alaoui", "took part in the training", "Verification code"]
    {
        assert!(text.contains(expected), "{expected:?} is not in the English certificate's text: {text}");
    }
}

#[tokio::test]
async fn a_template_is_checked_kept_per_tenant_and_set_only_by_organisers() {
    let sys = system().await;
    let app = &sys.training;
    let empty = json(app.get(&template_url("diadem"), &coordinator("diadem")).send().await.unwrap()).await;
    assert_eq!(empty["signatories"], json!([]));
    assert_eq!(empty["logos"], json!([]));

    let four: Vec<Value> = (0..4).map(|i| json!({"name": format!("N{i}"), "title": "T"})).collect();
    let res =
        app.put(&template_url("diadem"), &coordinator("diadem"), &json!({"signatories": four})).send().await.unwrap();
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "signatories");
    let res = app.put(&template_url("diadem"), &coordinator("diadem"), &json!({"colour": "red"})).send().await.unwrap();
    assert_eq!(res.status(), 400, "unknown fields are refused");
    let res = app
        .put(&template_url("diadem"), &token(&["diadem"], &["trainer"]), &json!({"funders": ["AFD"]}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;

    let res =
        app.put(&template_url("diadem"), &coordinator("diadem"), &json!({"funders": ["AFD"]})).send().await.unwrap();
    assert_eq!(json(res).await["funders"], json!(["AFD"]));
    let not_png = upload_logo(app, "diadem", "partner", b"GIF89a....".to_vec(), "image/png").await;
    assert_problem(not_png, 415, "unsupported_media_type").await;
    let wrong_type = upload_logo(app, "diadem", "partner", png_of(4, 4, [0, 0, 0]), "image/gif").await;
    assert_problem(wrong_type, 415, "unsupported_media_type").await;
    let bad_slot = upload_logo(app, "diadem", "funder-7", png_of(4, 4, [0, 0, 0]), "image/png").await;
    assert_problem(bad_slot, 400, "malformed_request").await;
    assert_eq!(upload_logo(app, "diadem", "funder-1", png_of(4, 4, [0, 0, 0]), "image/png").await.status(), 204);

    let mine = json(app.get(&template_url("diadem"), &coordinator("diadem")).send().await.unwrap()).await;
    assert_eq!((mine["funders"].clone(), mine["logos"].clone()), (json!(["AFD"]), json!(["funder-1"])));
    let theirs = json(app.get(&template_url("fecong"), &coordinator("fecong")).send().await.unwrap()).await;
    assert_eq!(
        (theirs["funders"].clone(), theirs["logos"].clone()),
        (json!([]), json!([])),
        "another tenant's template is its own"
    );

    let logo = app
        .http
        .delete(app.url(&format!("{}/logos/funder-1", template_url("diadem"))))
        .bearer_auth(coordinator("diadem"));
    assert_eq!(logo.send().await.unwrap().status(), 204);
    let again = app
        .http
        .delete(app.url(&format!("{}/logos/funder-1", template_url("diadem"))))
        .bearer_auth(coordinator("diadem"));
    assert_problem(again.send().await.unwrap(), 404, "not_found").await;
}
