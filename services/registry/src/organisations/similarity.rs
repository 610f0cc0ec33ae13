//! How alike two organisations are, as a score out of 100 with its reasons: the
//! normalised names' Jaro-Winkler similarity (strsim) weighs most; a shared
//! registration, email or phone adds to it, and so does the same city. The weights
//! are a judgement, written here once: a name alone reaches the default threshold
//! only when nearly identical; a shared identifier or contact with a similar name
//! does too.

use super::identifiers::value_key;
use super::types::{OrganisationRow, Registration};
use modal_kit::text::normalise;
use serde::Serialize;
use utoipa::ToSchema;

/// Candidates below this score are not proposed unless the caller asks.
pub const DEFAULT_THRESHOLD: u32 = 60;

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Likeness {
    /// 0 to 100.
    pub score: u32,
    /// `similar_name`, `same_identifier`, `same_email`, `same_phone`, `same_city`.
    pub reasons: Vec<&'static str>,
}

fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// What the two records share, weighed (see the module).
pub fn likeness(a: &OrganisationRow, b: &OrganisationRow) -> Likeness {
    let mut reasons = Vec::new();
    let name = strsim::jaro_winkler(&a.name_key, &b.name_key);
    // 0 points at 0.75 or less, 60 at 1.0.
    let mut score = (((name - 0.75).max(0.0) / 0.25) * 60.0).round() as u32;
    if name >= 0.85 {
        reasons.push("similar_name");
    }
    let ids = |o: &OrganisationRow| -> Vec<String> {
        let regs: Vec<Registration> = serde_json::from_str(&o.registrations).unwrap_or_default();
        regs.iter().map(|r| value_key(&r.value)).filter(|k| k.len() >= 4).collect()
    };
    let (ia, ib) = (ids(a), ids(b));
    if ia.iter().any(|k| ib.contains(k)) {
        score += 40;
        reasons.push("same_identifier");
    }
    let same = |x: &Option<String>, y: &Option<String>, f: fn(&str) -> String| matches!((x, y), (Some(x), Some(y)) if !f(x).is_empty() && f(x) == f(y));
    if same(&a.email, &b.email, |e| e.trim().to_lowercase()) {
        score += 25;
        reasons.push("same_email");
    }
    if same(&a.phone, &b.phone, digits) {
        score += 25;
        reasons.push("same_phone");
    }
    if same(&a.city, &b.city, normalise) {
        score += 10;
        reasons.push("same_city");
    }
    Likeness { score: score.min(100), reasons }
}

/// Words too common in organisation names to group candidates by.
const COMMON: &[&str] = &[
    "association",
    "des",
    "de",
    "du",
    "la",
    "le",
    "les",
    "et",
    "pour",
    "en",
    "au",
    "aux",
    "d",
    "l",
    "federation",
    "cooperative",
    "collectif",
    "gie",
    "groupement",
    "union",
    "organisation",
    "amicale",
    "jeunes",
    "femmes",
];

/// The keys under which a record is compared with others (blocking): the
/// significant words of its name, its registrations, email and phone. Two records
/// sharing no key are never compared, which keeps the work near-linear.
pub fn blocking_keys(o: &OrganisationRow) -> Vec<String> {
    let mut keys: Vec<String> =
        o.name_key.split(' ').filter(|w| w.len() > 2 && !COMMON.contains(w)).map(|w| format!("w:{w}")).collect();
    let regs: Vec<Registration> = serde_json::from_str(&o.registrations).unwrap_or_default();
    keys.extend(regs.iter().map(|r| format!("i:{}", value_key(&r.value))));
    keys.extend(o.email.iter().map(|e| format!("e:{}", e.trim().to_lowercase())));
    keys.extend(o.phone.iter().map(|p| format!("p:{}", digits(p))).filter(|k| k.len() > 6));
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisations::rules::to_row;
    use crate::organisations::types::OrganisationInput;
    use modal_kit::auth::Actor;
    use modal_kit::stamp::Stamp;

    fn org(body: serde_json::Value) -> OrganisationRow {
        let input: OrganisationInput = serde_json::from_value(body).unwrap();
        to_row(&input, Stamp::new(&Actor { tenant: "diadem".into(), subject: "test".into() }))
    }

    #[test]
    fn near_identical_names_or_a_similar_name_with_a_shared_contact_pass_the_threshold() {
        let a = org(serde_json::json!({"kind": "other", "name": "Jappo Thiès", "country": "SN", "city": "Thiès"}));
        let b = org(serde_json::json!({"kind": "other", "name": "Jappo Thies", "country": "SN", "city": "Thies"}));
        assert!(likeness(&a, &b).score >= DEFAULT_THRESHOLD, "{:?}", likeness(&a, &b));
        let c = org(
            serde_json::json!({"kind": "other", "name": "Association Jappo de Thiès", "country": "SN", "contacts": {"phone": "+221 77 123 45 67"}}),
        );
        let d = org(
            serde_json::json!({"kind": "other", "name": "Jappo Thiès", "country": "SN", "contacts": {"phone": "77 123 45 67 "}}),
        );
        let cd = likeness(&c, &d);
        assert!(!cd.reasons.contains(&"same_phone"), "a phone with its country code is not matched digit for digit");
        let e = org(serde_json::json!({"kind": "other", "name": "Kawral Kayes", "country": "ML"}));
        assert!(likeness(&a, &e).score < 30, "{:?}", likeness(&a, &e));
    }

    #[test]
    fn common_words_do_not_group_records() {
        let a = org(serde_json::json!({"kind": "other", "name": "Association des Femmes de Kolda", "country": "SN"}));
        assert_eq!(blocking_keys(&a), vec!["w:kolda"]);
    }
}
