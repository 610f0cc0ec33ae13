//! Participant rules as plain functions.

use super::types::*;
use crate::registry::OrganisationRef;
use crate::trainings::types::{TrainingFormat, TrainingRow};
use modal_kit::auth::Actor;
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
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
    Ok(v.finish()?)
}

/// The stored form of a (valid) input for `training`, with what the registry
/// answered of the organisation, stamped `stamp`.
pub fn to_row(
    input: &ParticipantInput,
    organisation: Option<&OrganisationRef>,
    training: &str,
    stamp: Stamp,
) -> ParticipantRow {
    let clean = |v: &Option<String>| v.as_ref().map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    ParticipantRow {
        tenant_id,
        id,
        training_id: training.to_string(),
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
        version,
        created_at,
        updated_at,
        created_by,
        updated_by,
        person_id: None,
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

/// The row once the person's data is erased: no name, no contact; what statistics
/// need (sex, mode, organisation kind and country, status) stays.
pub fn erased(row: &ParticipantRow, actor: &Actor) -> ParticipantRow {
    let next = row.stamp().next(actor);
    ParticipantRow {
        full_name: None,
        email: None,
        phone: None,
        erased_at: Some(next.updated_at),
        version: next.version,
        updated_at: next.updated_at,
        updated_by: next.updated_by,
        ..row.clone()
    }
}
