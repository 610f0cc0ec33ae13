//! The domain rules of an organisation, as plain functions: what a valid input is,
//! how an input becomes a stored row, which status moves are allowed, and how a
//! row is answered.

use super::types::*;
use chrono::NaiveDateTime;
use modal_kit::i18n::Msg;
use modal_kit::text::{code_of, join_set, normalise, parse_code, set_members, split_set};
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
    if input.registrations.len() > 10 {
        v.add("registrations", "too_many", Msg::new("10 immatriculations au plus.", "At most 10 registrations."));
    }
    for (i, r) in input.registrations.iter().enumerate() {
        v.required_text(&format!("registrations[{i}].value"), &r.value, 64);
    }
    if let Some(year) = input.year_founded {
        v.range("year_founded", year.into(), 1800, 2100);
    }
    if let Some(members) = input.members {
        v.range("members", members.into(), 0, 10_000_000);
    }
    v.finish()
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The stored form of a (valid) input; `base` supplies the identity and audit
/// fields that the input cannot set.
pub fn to_row(input: &OrganisationInput, base: RowBase) -> OrganisationRow {
    let name = input.name.trim().to_string();
    let acronym = clean(&input.acronym);
    let search_text = normalise(&format!("{} {}", name, acronym.as_deref().unwrap_or("")));
    let mut themes: Vec<String> = input.themes.iter().map(code_of).collect();
    themes.dedup();
    let mut countries = input.intervention_countries.clone();
    countries.dedup();
    OrganisationRow {
        tenant_id: base.tenant_id,
        id: base.id,
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
        registrations: serde_json::to_string(&input.registrations).unwrap_or_else(|_| "[]".into()),
        year_founded: input.year_founded,
        members: input.members,
        women_led: input.women_led,
        youth_led: input.youth_led,
        status: base.status,
        search_text,
        archived_at: base.archived_at,
        version: base.version,
        created_at: base.created_at,
        updated_at: base.updated_at,
        created_by: base.created_by,
        updated_by: base.updated_by,
    }
}

/// The fields of a row that no client input sets.
pub struct RowBase {
    pub tenant_id: String,
    pub id: String,
    pub status: String,
    pub archived_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
}

impl RowBase {
    pub fn new(tenant: &str, actor: &str, now: NaiveDateTime) -> RowBase {
        RowBase {
            tenant_id: tenant.to_string(),
            id: uuid::Uuid::now_v7().to_string(),
            status: code_of(&OrganisationStatus::Identified),
            archived_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: actor.to_string(),
            updated_by: actor.to_string(),
        }
    }

    /// The next version of `current`, changed by `actor` at `now`.
    pub fn next(current: &OrganisationRow, actor: &str, now: NaiveDateTime) -> RowBase {
        RowBase {
            tenant_id: current.tenant_id.clone(),
            id: current.id.clone(),
            status: current.status.clone(),
            archived_at: current.archived_at,
            version: current.version + 1,
            created_at: current.created_at,
            updated_at: now,
            created_by: current.created_by.clone(),
            updated_by: actor.to_string(),
        }
    }
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

pub fn to_response(row: &OrganisationRow) -> Organisation {
    into_response(row.clone())
}

/// As [`to_response`], taking the row: a list moves its rows' strings into the
/// answer rather than copying each of them.
pub fn into_response(row: OrganisationRow) -> Organisation {
    Organisation {
        kind: parse_code(&row.kind).unwrap_or(OrganisationKind::Other),
        intervention_countries: split_set(&row.intervention_countries),
        themes: set_members(&row.themes).filter_map(parse_code).collect(),
        registrations: serde_json::from_str(&row.registrations).unwrap_or_default(),
        status: parse_code(&row.status).unwrap_or(OrganisationStatus::Identified),
        archived: row.archived_at.is_some(),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        id: row.id,
        tenant: row.tenant_id,
        name: row.name,
        acronym: row.acronym,
        description: row.description,
        country: row.country,
        residence_country: row.residence_country,
        region: row.region,
        city: row.city,
        contacts: Contacts { email: row.email, phone: row.phone, whatsapp: row.whatsapp },
        legal_status: row.legal_status,
        year_founded: row.year_founded,
        members: row.members,
        women_led: row.women_led,
        youth_led: row.youth_led,
        version: row.version,
    }
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
