//! Call rules as plain functions: a valid call, its lifecycle, its window.

use super::questions;
use super::types::*;
use chrono::{NaiveDateTime, Utc};
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::{code_of, join_set};
use modal_kit::validate::Violations;
use modal_kit::{ApiError, Code, CodeDef};
use std::collections::BTreeSet;

/// Submitted outside the call's window.
pub const CALL_NOT_OPEN: Code =
    Code::new(&CodeDef::new(409, "call_not_open", "Appel fermé aux dépôts", "Call not open for submissions"));

pub fn validate(input: &CallInput) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("title", &input.title, 200);
    v.optional_text("title_en", input.title_en.as_deref(), 200);
    v.required_text("description", &input.description, 8000);
    v.optional_text("description_en", input.description_en.as_deref(), 8000);
    if input.closes_at <= input.opens_at {
        v.add(
            "closes_at",
            "before_opening",
            Msg::new("La clôture précède l'ouverture.", "The close is before the opening."),
        );
    }
    if input.envelope <= 0 {
        v.add(
            "envelope",
            "out_of_range",
            Msg::new("L'enveloppe doit être positive.", "The envelope must be positive."),
        );
    }
    if input.min_grant < 0 || input.max_grant < input.min_grant || input.max_grant > input.envelope {
        v.add(
            "max_grant",
            "out_of_range",
            Msg::new("Attendu : 0 ≤ minimum ≤ maximum ≤ enveloppe.", "Expected: 0 ≤ minimum ≤ maximum ≤ envelope."),
        );
    }
    if input.criteria.is_empty() || input.criteria.len() > 20 {
        v.add("criteria", "out_of_range", Msg::new("De 1 à 20 critères.", "From 1 to 20 criteria."));
    }
    let mut keys = BTreeSet::new();
    for (i, c) in input.criteria.iter().enumerate() {
        v.required_text(&format!("criteria[{i}].key"), &c.key, 40);
        v.required_text(&format!("criteria[{i}].name"), &c.name, 200);
        v.range(&format!("criteria[{i}].weight"), c.weight.into(), 1, 100);
        if !keys.insert(c.key.as_str()) {
            v.add(format!("criteria[{i}].key"), "duplicate", Msg::new("Clé déjà utilisée.", "Key already used."));
        }
    }
    if input.invited.len() > 500 {
        v.add("invited", "too_many", Msg::new("500 organisations au plus.", "At most 500 organisations."));
    }
    if let Some(schema) = &input.questions {
        v.extend(questions::check_schema(schema));
    }
    Ok(v.finish()?)
}

/// The stored form of a (valid) input, stamped `stamp`; a new call is a draft.
pub fn to_row(input: &CallInput, stamp: Stamp) -> CallRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    let clean = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    CallRow {
        tenant_id,
        id,
        title: input.title.trim().to_string(),
        title_en: clean(&input.title_en),
        description: input.description.trim().to_string(),
        description_en: clean(&input.description_en),
        opens_at: input.opens_at.naive_utc(),
        closes_at: input.closes_at.naive_utc(),
        currency: input.currency.code().to_string(),
        envelope: input.envelope,
        min_grant: input.min_grant,
        max_grant: input.max_grant,
        eligibility: serde_json::to_string(&input.eligibility).unwrap_or_default(),
        criteria: serde_json::to_string(&input.criteria).unwrap_or_else(|_| "[]".into()),
        questions: input.questions.as_ref().map(|q| q.to_string()),
        invited: join_set(&input.invited),
        status: code_of(&CallStatus::Draft),
        version,
        created_at,
        updated_at,
        created_by,
        updated_by,
    }
}

/// draft → open → closed → decided → archived; an open call may go back to draft
/// only before anyone applied (checked by the handler), a closed one reopen.
pub fn can_move(from: CallStatus, to: CallStatus) -> bool {
    use CallStatus::*;
    matches!((from, to), (Draft, Open) | (Open, Closed) | (Closed, Open) | (Closed, Decided) | (Decided, Archived))
}

/// The statuses a call in `from` can move to.
pub fn next_statuses(from: CallStatus) -> Vec<String> {
    use CallStatus::*;
    [Draft, Open, Closed, Decided, Archived].into_iter().filter(|to| can_move(from, *to)).map(|s| code_of(&s)).collect()
}

/// 409 unless `now` is inside the call's window and the call is open; the
/// message gives the window in the tenant's time zone.
pub fn check_window(call: &CallRow, now: NaiveDateTime, time_zone: &str) -> Result<(), ApiError> {
    let open = call.status() == CallStatus::Open && call.opens_at <= now && now < call.closes_at;
    if open {
        return Ok(());
    }
    let (from, to) = (in_time_zone(call.opens_at, time_zone), in_time_zone(call.closes_at, time_zone));
    Err(ApiError::new(CALL_NOT_OPEN)
        .with_detail(
            format!("L'appel reçoit les dépôts du {from} au {to} ({time_zone})."),
            format!("The call takes submissions from {from} to {to} ({time_zone})."),
        )
        .with_extra("opens_at", from.into())
        .with_extra("closes_at", to.into()))
}

/// Now, for window checks.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_window_is_shown_in_the_tenants_time_zone() {
        let at = NaiveDate::from_ymd_opt(2021, 7, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(in_time_zone(at, "Africa/Dakar"), "2021-07-01T09:00:00+00:00");
        assert_eq!(in_time_zone(at, "Africa/Casablanca"), "2021-07-01T10:00:00+01:00");
        assert_eq!(in_time_zone(at, "Nowhere/Else"), "2021-07-01T09:00:00+00:00");
    }

    #[test]
    fn a_call_moves_forward_and_may_reopen_before_the_decision() {
        use CallStatus::*;
        assert!(can_move(Draft, Open) && can_move(Open, Closed) && can_move(Closed, Open));
        assert!(can_move(Closed, Decided) && can_move(Decided, Archived));
        assert!(!can_move(Draft, Decided) && !can_move(Decided, Open) && !can_move(Archived, Draft));
    }
}
