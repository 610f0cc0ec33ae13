//! The page a person meets when they scan a certificate's QR code, opened in
//! headless Chromium (Debian's `chromium`) on a phone-sized window: the status
//! band is checked on the screenshot's pixels, the words in the page itself.
//!
//! Needs `chromium` (and `fonts-noto-core` for Arabic), which `.ci/run` installs:
//! ignored by the plain `cargo test`, run by `-- --include-ignored`, and failing
//! there when Chromium is missing.

mod common;

use common::*;
use modal_testkit::json;
use serde_json::json;
use std::process::Command;

const PHONE: (u32, u32) = (390, 844);

/// A screenshot of `url` as a phone would show it, asking for `lang`.
fn screenshot(url: &str, lang: &str) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::env::temp_dir().join(format!("modal-certificate-{}-{lang}.png", std::process::id()));
    let file = file.to_string_lossy().into_owned();
    let out = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
        .arg(format!("--window-size={},{}", PHONE.0, PHONE.1))
        .arg(format!("--accept-lang={lang}"))
        .arg(format!("--screenshot={file}"))
        .arg(url)
        .output()
        .expect("Debian's chromium (apt-get install chromium fonts-noto-core)");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    if let Ok(keep) = std::env::var("MODAL_KEEP_SCREENSHOTS") {
        let n = std::fs::read_dir(&keep).map_or(0, |d| d.count());
        std::fs::copy(&file, format!("{keep}/certificate-{n}-{lang}.png")).unwrap();
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgb: Vec<[u8; 3]> = match info.color_type {
        png::ColorType::Rgb => buf.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect(),
        png::ColorType::Rgba => buf.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect(),
        other => panic!("unexpected screenshot colours: {other:?}"),
    };
    (info.width, info.height, rgb)
}

/// Shares of the pixels in rows `rows` that are the band's colour and that are
/// white (its words), each as a fraction.
fn band(shot: &(u32, u32, Vec<[u8; 3]>), rows: std::ops::Range<u32>, colour: [u8; 3]) -> (f64, f64) {
    let (width, _, px) = shot;
    let (mut same, mut white, mut all) = (0, 0, 0);
    for y in rows {
        for x in 0..*width {
            let p = px[(y * width + x) as usize];
            let near = |c: [u8; 3]| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 12);
            same += near(colour) as u32;
            white += near([255, 255, 255]) as u32;
            all += 1;
        }
    }
    (f64::from(same) / f64::from(all), f64::from(white) / f64::from(all))
}

const GREEN: [u8; 3] = [0x1b, 0x7a, 0x3a];
const RED: [u8; 3] = [0xb3, 0x26, 0x1e];

#[tokio::test]
#[ignore = "needs Debian's chromium; run with --include-ignored (CI does)"]
async fn a_person_scanning_a_certificate_reads_valid_or_revoked_on_a_phone_in_their_language() {
    let sys = system().await;
    let (tid, _, cert) = certified(&sys.training, "fecong", "Fatoumata Keïta <b>").await;
    let code = cert["code"].as_str().unwrap();
    let url = sys.training.url(&format!("/v1/certificates/{code}"));

    // The page's words, as the browser receives them.
    let page = |lang: &'static str| {
        let req = sys.training.http.get(&url).header("Accept", "text/html,*/*;q=0.8").header("Accept-Language", lang);
        async move { req.send().await.unwrap() }
    };
    let fr = page("fr-FR,fr;q=0.9").await;
    assert_eq!(fr.status(), 200);
    assert!(fr.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let fr = fr.text().await.unwrap();
    assert!(fr.contains("Certificat valide") && fr.contains("Fatoumata Keïta &lt;b&gt;"), "{fr}");
    assert!(!fr.contains("<b>"), "a name is text, never markup");
    let ar = page("ar-MA,ar;q=0.9").await.text().await.unwrap();
    assert!(ar.contains("dir=\"rtl\"") && ar.contains("شهادة صالحة"), "{ar}");
    assert!(page("en-GB").await.text().await.unwrap().contains("Valid certificate"));
    // JSON stays JSON for an API client.
    let api = sys.training.http.get(&url).header("Accept", "application/json").send().await.unwrap();
    assert_eq!(json(api).await["status"], "valid");

    // On the phone: a green band across the top, with words in it.
    for lang in ["fr", "ar"] {
        let shot = screenshot(&url, lang);
        assert_eq!((shot.0, shot.1), PHONE);
        let (green, white) = band(&shot, 10..60, GREEN);
        assert!(green > 0.6 && white > 0.01, "{lang}: band {green:.2} green, {white:.2} white");
        assert!(band(&shot, 10..60, RED).0 < 0.01);
    }

    // Revoked: the same place turns red; an unknown code is a page too, not JSON.
    let revoke = format!("{}/{tid}/certificates/{}/revoke", trainings("fecong"), cert["id"].as_str().unwrap());
    let res = sys.training.post(&revoke, &coordinator("fecong"), &json!({"reason": "Erreur d'émargement"}));
    assert_eq!(res.send().await.unwrap().status(), 200);
    let shot = screenshot(&url, "fr");
    let (red, _) = band(&shot, 10..60, RED);
    assert!(red > 0.6 && band(&shot, 10..60, GREEN).0 < 0.01, "revoked band {red:.2} red");
    let revoked = page("fr").await.text().await.unwrap();
    assert!(revoked.contains("Certificat révoqué") && revoked.contains("Erreur d&#39;émargement"), "{revoked}");
    let unknown = sys.training.http.get(sys.training.url("/v1/certificates/00000-00000-00000-00000"));
    let unknown = unknown.header("Accept", "text/html").send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("Aucun certificat ne porte ce code"));
}
