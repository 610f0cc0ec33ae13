//! The printable certificate: one A4 landscape page (the kit's PDF writer) in the
//! training's language — French, English or Arabic (right to left, shaped, in the
//! kit's embedded font) — with the tenant's template (logos, signatories,
//! wording, funders) and a QR code of the verification address drawn as squares.

use super::template::{CertificateTemplateInput, Wording};
use crate::trainings::types::Language;
use modal_kit::pdf::{assemble, Image, Page};

/// What is printed.
pub struct CertificatePage<'a> {
    pub language: Language,
    pub holder_name: &'a str,
    pub training_title: &'a str,
    pub place: &'a str,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
    pub host_partner: &'a str,
    pub code: &'a str,
    pub verification_url: &'a str,
    pub template: &'a CertificateTemplateInput,
    /// The logos uploaded, by slot (`partner`, `funder-1`…).
    pub logos: &'a [(String, Image)],
}

/// The programme's words in one language; a template's wording replaces some.
struct Words {
    heading: &'static str,
    programme: &'static str,
    intro: &'static str,
    statement: &'static str,
    dates: fn(&str, &str) -> String,
    host: &'static str,
    code: &'static str,
    support: &'static str,
}

fn default_wording(language: Language) -> Words {
    match language {
        Language::Fr => Words {
            heading: "CERTIFICAT DE PARTICIPATION",
            programme: "Programme MODAL - Mobilisation des organisations de la diaspora et des associations locales",
            intro: "Nous certifions que",
            statement: "a participé à la formation",
            dates: |a, b| format!("du {a} au {b}"),
            host: "Partenaire hôte :",
            code: "Code de vérification :",
            support: "Avec le soutien de",
        },
        Language::En => Words {
            heading: "CERTIFICATE OF PARTICIPATION",
            programme: "MODAL programme - Mobilising diaspora organisations and local associations",
            intro: "This is to certify that",
            statement: "took part in the training",
            dates: |a, b| format!("from {a} to {b}"),
            host: "Host partner:",
            code: "Verification code:",
            support: "With the support of",
        },
        Language::Ar => Words {
            heading: "شهادة مشاركة",
            programme: "برنامج MODAL - تعبئة منظمات المهجر والجمعيات المحلية",
            intro: "نشهد بأن",
            statement: "قد شارك(ت) في التكوين",
            dates: |a, b| format!("من {a} إلى {b}"),
            host: "الشريك المضيف:",
            code: "رمز التحقق:",
            support: "بدعم من",
        },
    }
}

fn chosen<'a>(own: Option<&'a Wording>, pick: fn(&'a Wording) -> Option<&'a String>, default: &'a str) -> &'a str {
    own.and_then(pick).map(|s| s.trim()).filter(|s| !s.is_empty()).unwrap_or(default)
}

pub fn render(c: &CertificatePage<'_>) -> Vec<u8> {
    let words = default_wording(c.language);
    let w = &c.template.wording;
    let own = match c.language {
        Language::Fr => w.fr.as_ref(),
        Language::En => w.en.as_ref(),
        Language::Ar => w.ar.as_ref(),
    };
    let rtl = c.language == Language::Ar;
    let mut page = Page::new(842.0, 595.0);
    page.raw("0.2 0.35 0.6 RG 3 w 30 30 782 535 re S\n");
    let logo = |slot: &str| c.logos.iter().find(|(s, _)| s == slot).map(|(_, image)| image);
    if let Some(image) = logo("partner") {
        page.image(image, if rtl { 662.0 } else { 60.0 }, 495.0, 120.0, 55.0);
    }
    page.centred(480.0, 28.0, true, chosen(own, |x| x.heading.as_ref(), words.heading));
    page.centred(452.0, 11.0, false, words.programme);
    page.centred(400.0, 14.0, false, chosen(own, |x| x.intro.as_ref(), words.intro));
    page.centred(365.0, 24.0, true, c.holder_name);
    page.centred(330.0, 14.0, false, chosen(own, |x| x.statement.as_ref(), words.statement));
    page.centred(298.0, 18.0, true, c.training_title);
    let (from, to) = (c.start.format("%d/%m/%Y").to_string(), c.end.format("%d/%m/%Y").to_string());
    let dates = (words.dates)(&from, &to);
    // Each line starts in its own script, so that an Arabic line reads right to left.
    let when_and_where = if rtl { format!("{dates}، {}", c.place) } else { format!("{}, {dates}", c.place) };
    page.centred(270.0, 13.0, false, &when_and_where);
    page.centred(248.0, 13.0, false, &format!("{} {}", words.host, c.host_partner));
    signatories(&mut page, c.template, rtl);
    funders(&mut page, c.template, &logo, words.support, rtl);
    let code = format!("{} {}", words.code, c.code);
    if rtl {
        page.text_ending_at(782.0, 62.0, 10.0, false, &code);
        page.text_ending_at(782.0, 48.0, 8.0, false, c.verification_url);
        page.raw(&qr_squares(c.verification_url, 60.0, 55.0, 110.0));
    } else {
        page.text(60.0, 62.0, 10.0, false, &code);
        page.text(60.0, 48.0, 8.0, false, c.verification_url);
        page.raw(&qr_squares(c.verification_url, 842.0 - 60.0 - 110.0, 55.0, 110.0));
    }
    assemble(&[page])
}

/// Up to three signatories side by side above a line, between the margins; in
/// Arabic the first is on the right.
fn signatories(page: &mut Page, template: &CertificateTemplateInput, rtl: bool) {
    let n = template.signatories.len();
    for (k, s) in template.signatories.iter().enumerate() {
        let slot = if rtl { n - 1 - k } else { k };
        let centre = 200.0 + 442.0 * (2 * slot + 1) as f32 / (2 * n) as f32;
        page.raw(&format!("0 0 0 RG 0.5 w {:.1} 196 m {:.1} 196 l S\n", centre - 70.0, centre + 70.0));
        let width = |text: &str, size: f32, bold: bool| modal_kit::pdf::text_width(text, size, bold);
        page.text(centre - width(&s.name, 11.0, true) / 2.0, 182.0, 11.0, true, &s.name);
        page.text(centre - width(&s.title, 9.0, false) / 2.0, 169.0, 9.0, false, &s.title);
    }
}

/// The funders named at the foot, each with its logo above its name if uploaded,
/// between the QR code and the other side's margin; in Arabic the first on the right.
fn funders<'a>(
    page: &mut Page,
    template: &CertificateTemplateInput,
    logo: &dyn Fn(&str) -> Option<&'a Image>,
    label: &str,
    rtl: bool,
) {
    let n = template.funders.len();
    if n == 0 {
        return;
    }
    page.centred(150.0, 9.0, false, label);
    for (k, name) in template.funders.iter().enumerate() {
        let slot = if rtl { n - 1 - k } else { k };
        let centre = 210.0 + 422.0 * (2 * slot + 1) as f32 / (2 * n) as f32;
        if let Some(image) = logo(&format!("funder-{}", k + 1)) {
            page.image(image, centre - 30.0, 96.0, 60.0, 40.0);
        }
        page.text(centre - modal_kit::pdf::text_width(name, 8.0, false) / 2.0, 85.0, 8.0, false, name);
    }
}

/// The QR code of `data` as filled squares, `size` points wide, at (x, y).
fn qr_squares(data: &str, x: f32, y: f32, size: f32) -> String {
    let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else { return String::new() };
    let width = code.width();
    let module = size / width as f32;
    let mut out = String::from("0 0 0 rg\n");
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (col, row) = ((i % width) as f32, (i / width) as f32);
            out.push_str(&format!(
                "{:.2} {:.2} {:.2} {:.2} re f\n",
                x + col * module,
                y + size - (row + 1.0) * module,
                module,
                module
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(language: Language, holder: &str, template: &CertificateTemplateInput) -> Vec<u8> {
        render(&CertificatePage {
            language,
            holder_name: holder,
            training_title: "Gouvernance associative",
            place: "Thiès, SN",
            start: chrono::NaiveDate::from_ymd_opt(2021, 8, 2).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(2021, 8, 6).unwrap(),
            host_partner: "DIADEM",
            code: "ABCDE-FGHJK-MNPQR-STVWX",
            verification_url: "http://127.0.0.1:8082/v1/certificates/ABCDE-FGHJK-MNPQR-STVWX",
            template,
            logos: &[],
        })
    }

    #[test]
    fn the_certificate_names_its_holder_and_its_verification_code() {
        let pdf = page(Language::Fr, "Awa Ndiaye", &CertificateTemplateInput::default());
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("(Awa Ndiaye) Tj"));
        assert!(text.contains("(Code de v\\351rification : ABCDE-FGHJK-MNPQR-STVWX) Tj"));
        assert!(text.contains("SN, du 02/08/2021 au 06/08/2021) Tj"));
        assert!(text.contains(" re f\n"), "the QR code is drawn");
        assert!(!text.contains("/F3"), "a French certificate needs no embedded font");
    }

    #[test]
    fn a_template_sets_the_wording_and_the_signatories() {
        let template: CertificateTemplateInput = serde_json::from_value(serde_json::json!({
            "signatories": [{"name": "Fatou Sarr", "title": "Coordinatrice nationale"}],
            "wording": {"en": {"heading": "CERTIFICATE OF ATTENDANCE"}},
            "funders": ["Union européenne"]
        }))
        .unwrap();
        let text = String::from_utf8_lossy(&page(Language::En, "Awa Ndiaye", &template)).to_string();
        assert!(text.contains("(CERTIFICATE OF ATTENDANCE) Tj"));
        assert!(text.contains("(took part in the training) Tj"), "what the template leaves out keeps the default");
        assert!(text.contains("(Fatou Sarr) Tj") && text.contains("(Coordinatrice nationale) Tj"));
        assert!(text.contains("(Union europ\\351enne) Tj"));
    }

    #[test]
    fn an_arabic_certificate_embeds_a_font_with_the_glyphs() {
        let pdf = page(Language::Ar, "عائشة بنعلي", &CertificateTemplateInput::default());
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Subtype /Type0") && text.contains("/FontFile2"));
        assert!(text.contains("/F3 "), "the Arabic lines are in the embedded font");
        // The pages come before the font's objects (whose compressed bytes could hold anything).
        let pages = &text[..text.find("/Subtype /Type0").unwrap()];
        assert!(!pages.contains('?'), "no letter printed as a question mark");
    }
}
