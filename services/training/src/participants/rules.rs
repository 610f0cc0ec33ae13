//! Participant rules as plain functions.

use super::types::*;
use crate::registry::OrganisationRef;
use crate::trainings::types::{TrainingFormat, TrainingRow};
use chrono::NaiveDateTime;
use modal_kit::i18n::Msg;
use modal_kit::text::{code_of, parse_code};
use modal_kit::validate::Violations;
use modal_kit::ApiError;

/// Checks a participant against its training and the organisation the registry
/// answered for `organisation_id` (`None`: unknown in this tenant).
pub fn validate(
    input: &ParticipantInput,
    training: &TrainingRow,
    organisation: Option<&OrganisationRef>,
) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("full_name", &input.full_name, 200);
    if let Some(email) = &input.email {
        v.email("email", email);
    }
    if let Some(phone) = &input.phone {
        v.phone("phone", phone);
    }
    if input.organisation_id.is_some() && organisation.is_none() {
        v.add(
            "organisation_id",
            "unknown_organisation",
            Msg::new(
                "Organisation introuvable dans le registre de ce partenaire.",
                "No such organisation in this tenant's registry.",
            ),
        );
    }
    let format: Option<TrainingFormat> = parse_code(&training.format);
    let mode_fits = !matches!(
        (format, input.mode),
        (Some(TrainingFormat::OnSite), AttendanceMode::Online) | (Some(TrainingFormat::Online), AttendanceMode::OnSite)
    );
    if !mode_fits {
        v.add(
            "mode",
            "mode_not_offered",
            Msg::new("Ce mode n'est pas proposé pour cette formation.", "This mode is not offered by this training."),
        );
    }
    v.finish()
}

pub struct Stamp<'a> {
    pub tenant: &'a str,
    pub training_id: &'a str,
    pub id: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub now: NaiveDateTime,
    pub actor: &'a str,
}

pub fn to_row(input: &ParticipantInput, organisation: Option<&OrganisationRef>, s: Stamp<'_>) -> ParticipantRow {
    let clean = |v: &Option<String>| v.as_ref().map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    ParticipantRow {
        tenant_id: s.tenant.to_string(),
        id: s.id,
        training_id: s.training_id.to_string(),
        full_name: Some(input.full_name.trim().to_string()),
        sex: code_of(&input.sex),
        email: clean(&input.email),
        phone: clean(&input.phone),
        organisation_id: organisation.map(|o| o.id.clone()),
        organisation_kind: organisation.map(|o| o.kind.clone()),
        organisation_country: organisation.map(|o| o.country.clone()),
        mode: code_of(&input.mode),
        status: code_of(&input.status.unwrap_or(ParticipantStatus::Registered)),
        erased_at: None,
        version: s.version,
        created_at: s.created_at,
        updated_at: s.now,
        created_by: s.created_by,
        updated_by: s.actor.to_string(),
    }
}

/// A cancelled enrolment: no seat, no attendance, no certificate, not counted.
pub fn is_cancelled(status: &str) -> bool {
    parse_code::<ParticipantStatus>(status) == Some(ParticipantStatus::Cancelled)
}

/// Counts toward on-site seats (a cancelled enrolment frees its seat).
pub fn takes_a_seat(row: &ParticipantRow) -> bool {
    row.mode == code_of(&AttendanceMode::OnSite) && !is_cancelled(&row.status)
}

pub fn to_response(row: &ParticipantRow) -> Participant {
    into_response(row.clone())
}

/// As [`to_response`], taking the row: a list moves its rows' strings into the
/// answer rather than copying each of them.
pub fn into_response(row: ParticipantRow) -> Participant {
    let organisation = match (row.organisation_id, row.organisation_kind, row.organisation_country) {
        (Some(id), Some(kind), Some(country)) => Some(OrganisationSummary { id, kind, country }),
        _ => None,
    };
    Participant {
        sex: parse_code(&row.sex).unwrap_or(Sex::Undisclosed),
        mode: parse_code(&row.mode).unwrap_or(AttendanceMode::OnSite),
        status: parse_code(&row.status).unwrap_or(ParticipantStatus::Registered),
        erased: row.erased_at.is_some(),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        id: row.id,
        tenant: row.tenant_id,
        training_id: row.training_id,
        full_name: row.full_name,
        email: row.email,
        phone: row.phone,
        organisation,
        version: row.version,
    }
}

/// The row once the person's data is erased: no name, no contact; what statistics
/// need (sex, mode, organisation kind and country, status) stays.
pub fn erased(row: &ParticipantRow, now: NaiveDateTime, actor: &str) -> ParticipantRow {
    ParticipantRow {
        full_name: None,
        email: None,
        phone: None,
        erased_at: Some(now),
        version: row.version + 1,
        updated_at: now,
        updated_by: actor.to_string(),
        ..row.clone()
    }
}
