//! Field validation shared by every service: each broken rule has a stable code and
//! a message in both languages, so a 422 lists exactly what to fix.
//!
//! Domain modules call these small functions from plain `validate()` functions; we
//! chose this over a derive-based crate (`validator`, `garde`) to keep the rules
//! readable in one place and the messages translated.

use crate::countries::is_iso3166_alpha2;
use crate::i18n::Msg;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field, as named in the request (`contacts.email`, `registrations[1].value`).
    pub field: String,
    /// Stable machine code of the broken rule (`required`, `too_long`, `invalid_country`…).
    pub code: String,
    /// Human message in the negotiated language.
    pub message: String,
}

/// Collects violations; a request is valid when none were recorded.
#[derive(Debug, Default, Clone)]
pub struct Violations(Vec<(String, &'static str, Msg)>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str, msg: Msg) {
        self.0.push((field.into(), code, msg));
    }

    pub fn extend(&mut self, other: Violations) {
        self.0.extend(other.0);
    }

    /// The same violations with `prefix` before each field: a line of an imported
    /// file checked by the rules of one record (`lines[4].` + `email`).
    pub fn prefixed(self, prefix: &str) -> Violations {
        Violations(self.0.into_iter().map(|(field, code, msg)| (format!("{prefix}{field}"), code, msg)).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn localized(&self, lang: crate::i18n::Lang) -> Vec<FieldError> {
        self.0
            .iter()
            .map(|(field, code, msg)| FieldError {
                field: field.clone(),
                code: (*code).to_string(),
                message: msg.get(lang).to_string(),
            })
            .collect()
    }

    /// `Ok(())` when clean, otherwise every violation (an `ApiError` 422 by `?`).
    pub fn finish(self) -> Result<(), Violations> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    pub fn required_text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, "required", Msg::new("Ce champ est obligatoire.", "This field is required."));
        } else {
            self.max_len(field, value, max);
        }
    }

    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(
                field,
                "too_long",
                Msg::new(format!("Au plus {max} caractères."), format!("At most {max} characters.")),
            );
        }
    }

    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.max_len(field, v, max);
        }
    }

    pub fn country(&mut self, field: &str, code: &str) {
        if !is_iso3166_alpha2(code) {
            self.add(
                field,
                "invalid_country",
                Msg::new(
                    "Code pays ISO 3166-1 alpha-2 attendu (ex. SN, ML, CI, MA).",
                    "Expected an ISO 3166-1 alpha-2 country code (e.g. SN, ML, CI, MA).",
                ),
            );
        }
    }

    pub fn email(&mut self, field: &str, value: &str) {
        let ok = value.len() <= 254
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            })
            && !value.chars().any(char::is_whitespace);
        if !ok {
            self.add(field, "invalid_email", Msg::new("Adresse e-mail invalide.", "Invalid email address."));
        }
    }

    /// International phone numbers: an optional `+`, then 6 to 15 digits, spaces allowed.
    pub fn phone(&mut self, field: &str, value: &str) {
        let digits = value.strip_prefix('+').unwrap_or(value).replace([' ', '-', '.'], "");
        if !(6..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
            self.add(
                field,
                "invalid_phone",
                Msg::new(
                    "Numéro de téléphone invalide (ex. +221 77 123 45 67).",
                    "Invalid phone number (e.g. +221 77 123 45 67).",
                ),
            );
        }
    }

    pub fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.add(
                field,
                "out_of_range",
                Msg::new(
                    format!("Valeur attendue entre {min} et {max}."),
                    format!("Expected a value between {min} and {max}."),
                ),
            );
        }
    }
}
