//! Registration identifiers by scheme: the format each scheme issues, the
//! registration agency's prefix on org-id.guide (what IATI calls an organisation
//! identifier), and the key that makes an identifier unique per tenant and scheme.
//!
//! The formats are checked by hand rather than with regular expressions: four
//! short shapes read better as code than as patterns, and cost no dependency.

use super::types::{Organisation, Registration, RegistrationScheme};
use crate::schema::organisation_identifiers as i;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::i18n::Msg;
use modal_kit::on_engine;
use modal_kit::text::code_of;
use modal_kit::validate::Violations;

/// The org-id.guide prefix of a scheme's agency, where IATI's
/// OrganisationRegistrationAgency codelist has one: Senegal's NINEA (`SN-NINEA`).
/// RCCM registers are kept per OHADA court and récépissés per prefecture: no
/// single agency. France's RNA and Morocco's ICE are not on the list (France has
/// `FR-RCS` and `FR-INSEE`), so none rather than a guess. A caller names the
/// agency of any other registration (`agency`), which is how `XM-DAC` is given.
pub fn agency_of(scheme: RegistrationScheme) -> Option<&'static str> {
    match scheme {
        RegistrationScheme::Ninea => Some("SN-NINEA"),
        RegistrationScheme::Rna
        | RegistrationScheme::Ice
        | RegistrationScheme::Rccm
        | RegistrationScheme::Receipt
        | RegistrationScheme::Other => None,
    }
}

/// The value without the separators people type differently (spaces, dots,
/// dashes, slashes), upper-cased: `005 123 456 2g3` and `0051234562G3` are one.
pub fn value_key(value: &str) -> String {
    value.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// Whether `value` has the shape its scheme issues.
pub fn well_formed(scheme: RegistrationScheme, value: &str) -> bool {
    let key = value_key(value);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match scheme {
        // 7 to 9 digits (the NINEA), optionally followed by the COFI code: a digit,
        // a letter, a digit (`005123456 2G3`).
        RegistrationScheme::Ninea => {
            let cofi = |c: &[u8]| c[0].is_ascii_digit() && c[1].is_ascii_alphabetic() && c[2].is_ascii_digit();
            let (n, b) = (key.len(), key.as_bytes());
            ((7..=9).contains(&n) && digits(&key))
                || ((10..=12).contains(&n) && digits(&key[..n - 3]) && cofi(&b[n - 3..]))
        }
        // W and nine digits (W751234567).
        RegistrationScheme::Rna => key.len() == 10 && key.starts_with('W') && digits(&key[1..]),
        // Fifteen digits.
        RegistrationScheme::Ice => key.len() == 15 && digits(&key),
        // Country, court, year, register letter, number: SN-DKR-2015-B-12345.
        RegistrationScheme::Rccm => {
            let parts: Vec<&str> = value.split(['-', '.', ' ', '/']).filter(|p| !p.is_empty()).collect();
            parts.len() == 5
                && parts[0].len() == 2
                && parts[0].bytes().all(|b| b.is_ascii_alphabetic())
                && parts[1].bytes().all(|b| b.is_ascii_alphabetic())
                && parts[2].len() == 4
                && digits(parts[2])
                && parts[3].len() == 1
                && parts[3].bytes().all(|b| b.is_ascii_alphabetic())
                && digits(parts[4])
        }
        RegistrationScheme::Receipt | RegistrationScheme::Other => true,
    }
}

/// An org-id.guide prefix: two letters (a country, or XI/XM), a dash, 2–12 letters,
/// digits or dashes (`XM-DAC`, `GB-COH`).
fn agency_well_formed(agency: &str) -> bool {
    let (country, list) = agency.split_once('-').unwrap_or(("", ""));
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && (2..=12).contains(&list.len())
        && list.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

pub fn validate(v: &mut Violations, registrations: &[Registration]) {
    if registrations.len() > 10 {
        v.add("registrations", "too_many", Msg::new("10 immatriculations au plus.", "At most 10 registrations."));
    }
    for (n, r) in registrations.iter().enumerate() {
        let field = format!("registrations[{n}]");
        v.required_text(&format!("{field}.value"), &r.value, 64);
        if !r.value.trim().is_empty() && !well_formed(r.scheme, &r.value) {
            v.add(
                format!("{field}.value"),
                "invalid_format",
                Msg::new(
                    format!("Ce numéro n'a pas le format d'un identifiant « {} ».", code_of(&r.scheme)),
                    format!("This is not the format of a '{}' identifier.", code_of(&r.scheme)),
                ),
            );
        }
        match (&r.agency, agency_of(r.scheme)) {
            (Some(given), Some(known)) if given != known => v.add(
                format!("{field}.agency"),
                "agency_mismatch",
                Msg::new(format!("L'agence de ce schéma est {known}."), format!("This scheme's agency is {known}.")),
            ),
            (Some(given), _) if !agency_well_formed(given) => v.add(
                format!("{field}.agency"),
                "invalid_format",
                Msg::new("Un préfixe org-id.guide, p. ex. XM-DAC.", "An org-id.guide prefix, e.g. XM-DAC."),
            ),
            _ => {}
        }
        if registrations[..n].iter().any(|o| o.scheme == r.scheme && value_key(&o.value) == value_key(&r.value)) {
            v.add(format!("{field}.value"), "repeated", Msg::new("Déjà indiqué.", "Already given."));
        }
    }
}

/// Registrations as stored: trimmed, with the scheme's agency filled in.
pub fn normalised(registrations: &[Registration]) -> Vec<Registration> {
    let agency = |r: &Registration| r.agency.clone().or_else(|| agency_of(r.scheme).map(str::to_string));
    registrations
        .iter()
        .map(|r| Registration { scheme: r.scheme, value: r.value.trim().into(), agency: agency(r) })
        .collect()
}

impl Organisation {
    /// Fills `iati_identifier` from the first registration with an agency: the
    /// prefix, a dash, the number as issued without its spaces (IATI's rule;
    /// dashes stay, as in `XM-DAC-5-52`).
    pub fn with_iati_identifier(mut self) -> Organisation {
        self.iati_identifier = self
            .registrations
            .iter()
            .find_map(|r| Some(format!("{}-{}", r.agency.as_deref()?, r.value.split_whitespace().collect::<String>())));
        self
    }
}

/// The register-and-key pairs of `registrations` (stored, agency filled in) that
/// must be unique in the tenant, as the unique index holds them. The register is the
/// agency where there is one, else the scheme. Récépissés are left out: each
/// prefecture numbers its own, so two associations may rightly hold the same
/// number; so is `other` without an agency (an unknown register).
pub fn keys(registrations: &[Registration]) -> Vec<(String, String)> {
    registrations
        .iter()
        .filter(|r| !matches!(r.scheme, RegistrationScheme::Receipt))
        .filter_map(|r| {
            let register = match (&r.agency, r.scheme) {
                (Some(agency), _) => agency.clone(),
                (None, RegistrationScheme::Other) => return None,
                (None, scheme) => code_of(&scheme),
            };
            Some((register, value_key(&r.value)))
        })
        .collect()
}

/// Another organisation of the tenant holding one of `keys`.
pub fn holder(
    conn: &mut AnyConnection,
    tenant: &str,
    id: &str,
    keys: &[(String, String)],
) -> QueryResult<Option<String>> {
    for (register, key) in keys {
        let found: Option<String> = on_engine!(conn, |c| i::table
            .filter(i::tenant_id.eq(tenant))
            .filter(i::register.eq(register))
            .filter(i::value_key.eq(key))
            .filter(i::organisation_id.ne(id))
            .select(i::organisation_id)
            .first(c)
            .optional())?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Makes the index hold exactly `keys` for organisation `id`.
pub fn replace(conn: &mut AnyConnection, tenant: &str, id: &str, keys: &[(String, String)]) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::delete(i::table.filter(i::tenant_id.eq(tenant)).filter(i::organisation_id.eq(id)))
        .execute(c))?;
    for (register, key) in keys {
        let row = (i::tenant_id.eq(tenant), i::register.eq(register), i::value_key.eq(key), i::organisation_id.eq(id));
        on_engine!(conn, |c| diesel::insert_into(i::table).values(row).execute(c))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use RegistrationScheme::*;

    #[test]
    fn each_scheme_accepts_its_format_and_refuses_others() {
        assert!(
            well_formed(Ninea, "005123456 2G3") && well_formed(Ninea, "0051234562g3") && well_formed(Ninea, "1234567")
        );
        assert!(!well_formed(Ninea, "12345") && !well_formed(Ninea, "ABC123456"));
        assert!(well_formed(Rna, "W751234567") && !well_formed(Rna, "751234567"));
        assert!(well_formed(Ice, "001234567000089") && !well_formed(Ice, "00123456700008"));
        assert!(well_formed(Rccm, "SN-DKR-2015-B-12345") && well_formed(Rccm, "CI.ABJ.2017.A.123"));
        assert!(!well_formed(Rccm, "SN-DKR-15-B-12345") && !well_formed(Rccm, "12345"));
        assert!(well_formed(Receipt, "n° 123/MINT/DAGAT"));
    }

    #[test]
    fn separators_and_case_do_not_make_another_identifier() {
        assert_eq!(value_key("005 123.456-2g3"), value_key("0051234562G3"));
    }

    #[test]
    fn agency_prefixes_look_like_org_id_guide_lists() {
        assert!(agency_well_formed("XM-DAC") && agency_well_formed("GB-COH") && agency_well_formed("SN-NINEA"));
        assert!(!agency_well_formed("xm-dac") && !agency_well_formed("DAC") && !agency_well_formed("X-DAC"));
    }
}
