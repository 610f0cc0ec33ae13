//! A participant's status from the attendance marks, once the training has ended
//! (`fully_attended`, `partly_attended`, `no_show`). The coordinator asks for it;
//! it is not done silently on the last day's marks, because marks are still
//! corrected after a session and a status that changes under people's feet is
//! worse than one asked for.
//!
//! Only enrolments still `registered` or `confirmed` are set, so a status set by
//! hand (a manual override, audited like any change of a participant) stays;
//! `recompute: true` sets every enrolment not cancelled again from its marks.

use super::store;
use super::types::AttendanceStatus;
use crate::participants::store as participants;
use crate::participants::types::{ParticipantRow, ParticipantStatus};
use crate::roles::ORGANISERS;
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::{post, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag::stale;
use modal_kit::http::Id;
use modal_kit::text::{code_of, parse_code};
use modal_kit::{audit, ApiError, Code, CodeDef};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The statuses are set from attendance only once the training's last day has come.
pub const TRAINING_NOT_ENDED: Code =
    Code::new(&CodeDef::new(409, "training_not_ended", "Formation pas encore terminée", "Training not ended yet"));

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusesFromAttendance {
    /// Set again every enrolment not cancelled, manual overrides included.
    #[serde(default)]
    pub recompute: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeMade {
    pub participant_id: String,
    pub from: ParticipantStatus,
    pub to: ParticipantStatus,
}

/// What a participant's marks over a training of `days` days say: every day
/// attended (present or late) is full attendance, none is a no-show. An excused
/// day is not attended.
pub fn outcome<'a>(marks: impl IntoIterator<Item = &'a AttendanceStatus>, days: usize) -> ParticipantStatus {
    let attended =
        marks.into_iter().filter(|m| matches!(m, AttendanceStatus::Present | AttendanceStatus::Late)).count();
    match attended {
        0 => ParticipantStatus::NoShow,
        n if n >= days => ParticipantStatus::FullyAttended,
        _ => ParticipantStatus::PartlyAttended,
    }
}

/// Whether the enrolment's status is set by this route (see the module).
fn settles(row: &ParticipantRow, recompute: bool) -> bool {
    match parse_code::<ParticipantStatus>(&row.status) {
        Some(ParticipantStatus::Cancelled) | None => false,
        Some(ParticipantStatus::Registered | ParticipantStatus::Confirmed) => true,
        Some(_) => recompute,
    }
}

/// Set participants' statuses from their attendance (see the module).
#[utoipa::path(tag = "attendance", params(Id), request_body = StatusesFromAttendance,
    responses(
        (status = 200, description = "The statuses changed", body = Vec<StatusChangeMade>),
        (status = 409, description = "The training has not ended", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/trainings/{id}/attendance/statuses")]
pub async fn set_statuses_from_attendance(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<StatusesFromAttendance>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let (training, recompute, today) = (path.into_inner().id, body.recompute, scope.tenant.today());
    let changes = db
        .write(&scope, move |c, actor| {
            let t = trainings::find(c, &actor.tenant, &training)?.ok_or_else(no_training)?;
            if t.end_date > today {
                return Err(ApiError::new(TRAINING_NOT_ENDED).with_detail(
                    format!("La formation se termine le {} : les statuts se fixent ensuite.", t.end_date),
                    format!("The training ends on {}: statuses are set after that.", t.end_date),
                ));
            }
            let (_, sheet) = store::sheet(c, &actor.tenant, &training)?;
            let days = t.days().len();
            let mut changes = Vec::new();
            for row in participants::of_training(c, &actor.tenant, &training)? {
                if !settles(&row, recompute) {
                    continue;
                }
                let marks = sheet.participants.iter().find(|p| p.participant_id == row.id).map(|p| &p.marks);
                let to = outcome(marks.into_iter().flat_map(|m| m.values()), days);
                let from = parse_code(&row.status).unwrap_or(ParticipantStatus::Registered);
                if from == to {
                    continue;
                }
                let next = row.stamp().next(actor);
                let changed = ParticipantRow {
                    status: code_of(&to),
                    version: next.version,
                    updated_at: next.updated_at,
                    updated_by: next.updated_by,
                    ..row.clone()
                };
                if participants::replace(c, &changed, row.version)? != 1 {
                    return Err(stale());
                }
                let subject = ("participant", row.id.as_str());
                audit::record(c, actor, "status_from_attendance", subject, json!({"status": [from, to]}))?;
                changes.push(StatusChangeMade { participant_id: row.id, from, to });
            }
            Ok(changes)
        })
        .await?;
    Ok(HttpResponse::Ok().json(changes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttendanceStatus::*;

    #[test]
    fn every_day_attended_is_full_none_is_a_no_show_and_excused_is_not_attended() {
        assert_eq!(outcome(&[Present, Late], 2), ParticipantStatus::FullyAttended);
        assert_eq!(outcome(&[Present, Absent], 2), ParticipantStatus::PartlyAttended);
        assert_eq!(outcome(&[Present], 2), ParticipantStatus::PartlyAttended, "a day without a mark is not attended");
        assert_eq!(outcome(&[Excused, Absent], 2), ParticipantStatus::NoShow);
        assert_eq!(outcome(&[], 3), ParticipantStatus::NoShow);
    }
}
