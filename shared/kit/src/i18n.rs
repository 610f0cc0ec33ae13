//! The two languages modal answers in, and how a request chooses one.
//!
//! Partners work in French first, so French is the default; English is chosen when
//! `Accept-Language` prefers it. A fuller negotiation crate (e.g. `accept-language`)
//! would be overkill for two languages.

use actix_web::http::header::{HeaderMap, ACCEPT_LANGUAGE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header value: the first of `fr`
    /// or `en` with the highest quality wins; anything else falls back to French.
    pub fn from_accept_language(value: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("fr") => Lang::Fr,
                Some("en") => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Fr, |(_, l)| l)
    }

    pub fn from_headers(headers: &HeaderMap) -> Lang {
        headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::Fr, Lang::from_accept_language)
    }

    /// The language's tag, for `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// A message written in both languages, chosen when the response is rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub fr: String,
    pub en: String,
}

impl Msg {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg { fr: fr.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.fr, &self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_the_default_and_english_wins_only_when_preferred() {
        assert_eq!(Lang::from_accept_language(""), Lang::Fr);
        assert_eq!(Lang::from_accept_language("de-DE"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.5, fr-SN;q=0.8"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("de, en;q=0.7"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Fr);
    }
}
