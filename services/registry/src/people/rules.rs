//! The rules of a person's record, as plain functions.

use super::types::{PersonInput, PersonRow};
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::code_of;
use modal_kit::validate::Violations;
use modal_kit::ApiError;

pub fn validate(input: &PersonInput) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("full_name", &input.full_name, 200);
    if let Some(email) = &input.email {
        v.email("email", email);
    }
    if let Some(phone) = &input.phone {
        v.phone("phone", phone);
    }
    if let Some(phone) = &input.whatsapp {
        v.phone("whatsapp", phone);
    }
    if let (Some(start), Some(end)) = (input.started_on, input.ended_on) {
        if end < start {
            v.add("ended_on", "before_start", Msg::new("La fin précède le début.", "The end is before the start."));
        }
    }
    Ok(v.finish()?)
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The stored form of a (valid) input for `organisation_id`, stamped `stamp`.
pub fn to_row(input: &PersonInput, organisation_id: &str, stamp: Stamp) -> PersonRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    PersonRow {
        tenant_id,
        id,
        organisation_id: organisation_id.to_string(),
        full_name: input.full_name.trim().to_string(),
        role: code_of(&input.role),
        started_on: input.started_on,
        ended_on: input.ended_on,
        email: clean(&input.email).map(|e| e.to_lowercase()),
        phone: clean(&input.phone),
        whatsapp: clean(&input.whatsapp),
        version,
        created_at,
        updated_at,
        created_by,
        updated_by,
    }
}
