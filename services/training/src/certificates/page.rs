//! The page a person sees when they scan a certificate's QR code: what the JSON
//! answer says (nothing more), in French, English or Arabic by `Accept-Language`,
//! laid out for a phone, with the status in a coloured band nobody can misread.
//!
//! Written by hand rather than with a template engine: one page, a dozen fields,
//! every one escaped by `esc`.

use super::types::Verification;
use actix_web::http::header::{HeaderMap, ACCEPT, ACCEPT_LANGUAGE};
use modal_kit::text::escape_html as esc;

/// Whether the caller asked for a page: `text/html` named before any JSON (a
/// browser); an API client, or no `Accept` at all, gets JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    let accept = headers.get(ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    match (accept.find("text/html"), accept.find("application/json")) {
        (Some(html), Some(json)) => html < json,
        (Some(_), None) => true,
        _ => false,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageLang {
    Fr,
    En,
    Ar,
}

impl PageLang {
    /// The first of `fr`, `en`, `ar` in `Accept-Language` (listed order, which is
    /// how browsers rank them); French otherwise.
    pub fn from_headers(headers: &HeaderMap) -> PageLang {
        let value = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        for tag in value.split(',') {
            let primary = tag.split(';').next().unwrap_or("").trim().split('-').next().unwrap_or("");
            match primary.to_ascii_lowercase().as_str() {
                "fr" => return PageLang::Fr,
                "en" => return PageLang::En,
                "ar" => return PageLang::Ar,
                _ => {}
            }
        }
        PageLang::Fr
    }

    fn code(self) -> &'static str {
        match self {
            PageLang::Fr => "fr",
            PageLang::En => "en",
            PageLang::Ar => "ar",
        }
    }

    /// The page's words.
    fn words(self) -> &'static Words {
        match self {
            PageLang::Fr => &FR,
            PageLang::En => &EN,
            PageLang::Ar => &AR,
        }
    }
}

struct Words {
    title: &'static str,
    valid: &'static str,
    revoked: &'static str,
    unknown: &'static str,
    unknown_hint: &'static str,
    holder: &'static str,
    erased: &'static str,
    training: &'static str,
    partner: &'static str,
    place: &'static str,
    dates: &'static str,
    issued: &'static str,
    revoked_on: &'static str,
    reason: &'static str,
    code: &'static str,
}

const FR: Words = Words {
    title: "Vérification de certificat — MODAL",
    valid: "Certificat valide",
    revoked: "Certificat révoqué",
    unknown: "Aucun certificat ne porte ce code",
    unknown_hint: "Vérifiez le code imprimé sur le certificat.",
    holder: "Titulaire",
    erased: "(nom effacé à la demande de la personne)",
    training: "Formation",
    partner: "Partenaire",
    place: "Lieu",
    dates: "Dates",
    issued: "Délivré le",
    revoked_on: "Révoqué le",
    reason: "Motif",
    code: "Code",
};

const EN: Words = Words {
    title: "Certificate check — MODAL",
    valid: "Valid certificate",
    revoked: "Revoked certificate",
    unknown: "No certificate has this code",
    unknown_hint: "Check the code printed on the certificate.",
    holder: "Holder",
    erased: "(name erased at the person's request)",
    training: "Training",
    partner: "Partner",
    place: "Place",
    dates: "Dates",
    issued: "Issued on",
    revoked_on: "Revoked on",
    reason: "Reason",
    code: "Code",
};

const AR: Words = Words {
    title: "التحقق من الشهادة — MODAL",
    valid: "شهادة صالحة",
    revoked: "شهادة ملغاة",
    unknown: "لا توجد شهادة بهذا الرمز",
    unknown_hint: "تحقق من الرمز المطبوع على الشهادة.",
    holder: "صاحب الشهادة",
    erased: "(تم حذف الاسم بطلب من الشخص)",
    training: "التكوين",
    partner: "الشريك",
    place: "المكان",
    dates: "التواريخ",
    issued: "تاريخ الإصدار",
    revoked_on: "تاريخ الإلغاء",
    reason: "السبب",
    code: "الرمز",
};

/// The page for a certificate found (valid or revoked).
pub fn certificate(v: &Verification, code: &str, lang: PageLang) -> String {
    let w = lang.words();
    let revoked = v.status == "revoked";
    let (band, mark, status) = if revoked { ("revoked", "✗", w.revoked) } else { ("valid", "✓", w.valid) };
    let holder = v.holder_name.as_deref().map_or_else(|| w.erased.to_string(), esc);
    let mut rows = vec![
        (w.holder, holder),
        (w.training, esc(&v.training_title)),
        (w.partner, esc(&v.host_partner)),
        (w.place, esc(&v.place)),
        (w.dates, format!("{} – {}", v.start_date, v.end_date)),
        (w.issued, v.issued_on.to_string()),
    ];
    if let Some(on) = v.revoked_on {
        rows.push((w.revoked_on, on.to_string()));
    }
    if let Some(reason) = &v.revocation_reason {
        rows.push((w.reason, esc(reason)));
    }
    rows.push((w.code, esc(code)));
    // Each value isolated (`bdi`): a Latin name on an Arabic page keeps its own order.
    let list: String = rows.iter().map(|(k, v)| format!("<dt>{k}</dt><dd><bdi>{v}</bdi></dd>")).collect();
    page(lang, band, &format!("<p class=\"band\"><span aria-hidden=\"true\">{mark}</span> {status}</p><dl>{list}</dl>"))
}

/// The page for a code that matches no certificate.
pub fn unknown(lang: PageLang) -> String {
    let w = lang.words();
    page(lang, "unknown", &format!("<p class=\"band\">? {}</p><p>{}</p>", w.unknown, w.unknown_hint))
}

fn page(lang: PageLang, band: &str, body: &str) -> String {
    let dir = if lang == PageLang::Ar { "rtl" } else { "ltr" };
    format!(
        "<!doctype html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{STYLE}</style>\
</head><body class=\"{band}\"><main>{body}</main></body></html>",
        code = lang.code(),
        title = lang.words().title,
    )
}

const STYLE: &str = "body{margin:0;font:18px/1.5 system-ui,'Noto Sans','Noto Sans Arabic',sans-serif;color:#1a1a1a;\
background:#fff}main{max-width:36rem;margin:0 auto;padding:0 0 2rem}.band{margin:0 0 1rem;padding:1.5rem 1rem;\
font-size:1.6rem;font-weight:700;color:#fff;text-align:center}.valid .band{background:#1b7a3a}\
.revoked .band{background:#b3261e}.unknown .band{background:#5f6368}dl{margin:0;padding:0 1rem}\
dt{font-size:.9rem;color:#555;margin-top:.8rem}dd{margin:0;font-weight:600;overflow-wrap:anywhere}p{padding:0 1rem}";

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(name: HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn a_browser_gets_a_page_and_an_api_client_json() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(wants_html(&headers(ACCEPT, browser)));
        assert!(!wants_html(&headers(ACCEPT, "application/json")));
        assert!(!wants_html(&headers(ACCEPT, "application/json, text/html")));
        assert!(!wants_html(&headers(ACCEPT, "*/*")));
        assert!(!wants_html(&HeaderMap::new()));
    }

    #[test]
    fn the_language_is_the_first_of_french_english_arabic_and_french_otherwise() {
        assert_eq!(PageLang::from_headers(&headers(ACCEPT_LANGUAGE, "ar-MA,ar;q=0.9,fr;q=0.8")), PageLang::Ar);
        assert_eq!(PageLang::from_headers(&headers(ACCEPT_LANGUAGE, "de-DE, en-GB;q=0.7")), PageLang::En);
        assert_eq!(PageLang::from_headers(&headers(ACCEPT_LANGUAGE, "wo")), PageLang::Fr);
        assert_eq!(PageLang::from_headers(&HeaderMap::new()), PageLang::Fr);
    }

    #[test]
    fn what_a_person_typed_cannot_become_markup() {
        assert_eq!(esc("<script>\"x\" & 'y'</script>"), "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;");
    }
}
