//! The domain rules of an organisation, as plain functions: what a valid input is,
//! how an input becomes a stored row, and which status moves are allowed.

use super::identifiers;
use super::types::*;
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::{code_of, join_set, normalise};
use modal_kit::validate::Violations;
use modal_kit::ApiError;

pub fn validate(input: &OrganisationInput) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("name", &input.name, 200);
    v.optional_text("acronym", input.acronym.as_deref(), 30);
    v.optional_text("description", input.description.as_deref(), 4000);
    v.country("country", &input.country);
    if input.intervention_countries.len() > 60 {
        v.add("intervention_countries", "too_many", Msg::new("60 pays au plus.", "At most 60 countries."));
    }
    for (i, c) in input.intervention_countries.iter().enumerate() {
        v.country(&format!("intervention_countries[{i}]"), c);
    }
    match (&input.residence_country, input.kind) {
        (Some(c), _) => v.country("residence_country", c),
        (None, OrganisationKind::DiasporaOrganisation) => v.add(
            "residence_country",
            "required",
            Msg::new(
                "Le pays de résidence est obligatoire pour une organisation de la diaspora.",
                "The country of residence is required for a diaspora organisation.",
            ),
        ),
        (None, _) => {}
    }
    v.optional_text("region", input.region.as_deref(), 120);
    v.optional_text("city", input.city.as_deref(), 120);
    v.optional_text("legal_status", input.legal_status.as_deref(), 120);
    if let Some(email) = &input.contacts.email {
        v.email("contacts.email", email);
    }
    if let Some(phone) = &input.contacts.phone {
        v.phone("contacts.phone", phone);
    }
    if let Some(phone) = &input.contacts.whatsapp {
        v.phone("contacts.whatsapp", phone);
    }
    identifiers::validate(&mut v, &input.registrations);
    web_address(&mut v, "website", input.website.as_deref(), 300);
    web_address(&mut v, "logo_url", input.logo_url.as_deref(), 500);
    if input.federation_ids.len() > 20 {
        v.add("federation_ids", "too_many", Msg::new("20 fédérations au plus.", "At most 20 federations."));
    }
    if let Some(year) = input.year_founded {
        v.range("year_founded", year.into(), 1800, 2100);
    }
    if let Some(members) = input.members {
        v.range("members", members.into(), 0, 10_000_000);
    }
    Ok(v.finish()?)
}

/// An absolute `http(s)://` address without spaces (a logo is linked, not uploaded:
/// partners' logos already live on their sites, and a URL costs no storage here).
fn web_address(v: &mut Violations, field: &str, value: Option<&str>, max: usize) {
    let Some(value) = value.map(str::trim).filter(|s| !s.is_empty()) else { return };
    v.max_len(field, value, max);
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    if !rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace)) {
        v.add(field, "invalid_url", Msg::new("Une adresse web https://…", "A web address https://…"));
    }
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The stored form of a (valid) input, stamped `stamp`: a new organisation is
/// `identified` and not archived (a replace keeps the stored status and archive).
pub fn to_row(input: &OrganisationInput, stamp: Stamp) -> OrganisationRow {
    let name = input.name.trim().to_string();
    let acronym = clean(&input.acronym);
    let registrations = identifiers::normalised(&input.registrations);
    let ids: Vec<String> = registrations.iter().map(|r| identifiers::value_key(&r.value)).collect();
    let search_text = normalise(&format!("{} {} {}", name, acronym.as_deref().unwrap_or(""), ids.join(" ")));
    let mut federations = input.federation_ids.clone();
    federations.sort();
    federations.dedup();
    let mut themes: Vec<String> = input.themes.iter().map(code_of).collect();
    themes.dedup();
    let mut countries = input.intervention_countries.clone();
    countries.dedup();
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    OrganisationRow {
        tenant_id,
        id,
        kind: code_of(&input.kind),
        name_key: normalise(&name),
        name,
        acronym,
        description: clean(&input.description),
        country: input.country.clone(),
        intervention_countries: join_set(&countries),
        residence_country: input.residence_country.clone(),
        region: clean(&input.region),
        city: clean(&input.city),
        themes: join_set(&themes),
        email: clean(&input.contacts.email),
        phone: clean(&input.contacts.phone),
        whatsapp: clean(&input.contacts.whatsapp),
        legal_status: clean(&input.legal_status),
        registrations: serde_json::to_string(&registrations).unwrap_or_else(|_| "[]".into()),
        year_founded: input.year_founded,
        members: input.members,
        women_led: input.women_led,
        youth_led: input.youth_led,
        status: code_of(&OrganisationStatus::Identified),
        search_text,
        archived_at: None,
        version,
        created_at,
        updated_at,
        created_by,
        updated_by,
        website: clean(&input.website),
        logo_url: clean(&input.logo_url),
        parent_organisation_id: clean(&input.parent_organisation_id),
        federation_ids: join_set(&federations),
        merged_into: None,
    }
}

/// The list's filters that the query string's types do not already check.
pub fn validate_filter(filter: &OrganisationFilter) -> Result<(), ApiError> {
    let mut v = Violations::new();
    if let Some(c) = &filter.country {
        v.country("country", c);
    }
    Ok(v.finish()?)
}

/// Allowed status moves: identified → verified → active ⇄ inactive; any status
/// but inactive may become inactive (an organisation that stopped).
pub fn can_move(from: OrganisationStatus, to: OrganisationStatus) -> bool {
    use OrganisationStatus::*;
    matches!(
        (from, to),
        (Identified, Verified)
            | (Verified, Active)
            | (Active, Inactive)
            | (Inactive, Active)
            | (Identified, Inactive)
            | (Verified, Inactive)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganisationStatus::*;

    #[test]
    fn status_moves_follow_the_lifecycle() {
        assert!(can_move(Identified, Verified));
        assert!(can_move(Verified, Active));
        assert!(can_move(Active, Inactive));
        assert!(can_move(Inactive, Active));
        assert!(!can_move(Identified, Active), "an organisation is verified before it is active");
        assert!(!can_move(Active, Identified));
        assert!(!can_move(Active, Active));
    }
}
