//! Attendance: one mark per participant per training day. Each status carries a
//! weight (present 100 %, late 75 %, excused 50 %, absent 0 %; an unmarked day
//! counts as absent), and the weighted rate decides certificates.

use crate::participants::store as participants;
use crate::roles::{PARTICIPANT_READERS, STAFF};
use crate::schema::{attendance as a, training_days as d};
use crate::trainings::{handlers::not_found as no_training, rules::days_of, store as trainings};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use modal_kit::audit::{self, Change};
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::text::{code_of, neutralise_formula, parse_code};
use modal_kit::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Late,
    Excused,
    Absent,
}

impl AttendanceStatus {
    /// The share of a day this status counts for, in percent.
    pub fn weight(self) -> u32 {
        match self {
            AttendanceStatus::Present => 100,
            AttendanceStatus::Late => 75,
            AttendanceStatus::Excused => 50,
            AttendanceStatus::Absent => 0,
        }
    }
}

/// Weighted attendance over `days` training days, in whole percent (rounded down).
pub fn weighted_percent(marks: &[AttendanceStatus], days: usize) -> i32 {
    if days == 0 {
        return 0;
    }
    let total: u32 = marks.iter().map(|m| m.weight()).sum();
    (total / days as u32) as i32
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayMarks {
    /// Applied to every participant of the training (not cancelled) that `marks` does not name.
    pub default: Option<AttendanceStatus>,
    #[serde(default)]
    pub marks: Vec<MarkInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkInput {
    pub participant_id: String,
    pub status: AttendanceStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Mark {
    pub participant_id: String,
    pub day: NaiveDate,
    pub status: AttendanceStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceSheet {
    pub training_id: String,
    pub days: Vec<NaiveDate>,
    pub participants: Vec<ParticipantAttendance>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantAttendance {
    pub participant_id: String,
    pub full_name: Option<String>,
    pub mode: String,
    /// Day → status, for the days marked.
    pub marks: BTreeMap<NaiveDate, AttendanceStatus>,
    pub weighted_percent: i32,
}

pub fn marks_of(conn: &mut AnyConnection, tenant: &str, participant: &str) -> Result<Vec<Mark>, ApiError> {
    let rows: Vec<(String, NaiveDate, String)> = a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::participant_id.eq(participant))
        .select((a::participant_id, a::day, a::status))
        .order(a::day)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(participant_id, day, s)| Some(Mark { participant_id, day, status: parse_code(&s)? }))
        .collect())
}

/// The sheet of a training: every participant's marks and weighted rate.
pub fn sheet(
    conn: &mut AnyConnection,
    tenant: &str,
    training: &str,
) -> Result<(crate::trainings::types::TrainingRow, AttendanceSheet), ApiError> {
    let t = trainings::find(conn, tenant, training)?.ok_or_else(no_training)?;
    let days = days_of(t.start_date, t.end_date);
    let rows: Vec<(String, NaiveDate, String)> = a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::training_id.eq(training))
        .select((a::participant_id, a::day, a::status))
        .load(conn)?;
    let mut by_participant: BTreeMap<String, BTreeMap<NaiveDate, AttendanceStatus>> = BTreeMap::new();
    for (p, day, s) in rows {
        if let Some(status) = parse_code(&s) {
            by_participant.entry(p).or_default().insert(day, status);
        }
    }
    let participants = participants::of_training(conn, tenant, training)?
        .into_iter()
        .map(|p| {
            let marks = by_participant.remove(&p.id).unwrap_or_default();
            let values: Vec<AttendanceStatus> = marks.values().copied().collect();
            ParticipantAttendance {
                weighted_percent: weighted_percent(&values, days.len()),
                participant_id: p.id,
                full_name: p.full_name,
                mode: p.mode,
                marks,
            }
        })
        .collect();
    Ok((t, AttendanceSheet { training_id: training.to_string(), days, participants }))
}

/// Mark attendance for one day, for several participants at once.
#[utoipa::path(put, path = "/v1/tenants/{tenant}/trainings/{id}/days/{day}/attendance", tag = "attendance",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("day" = String, Path, description = "A day of the training, YYYY-MM-DD")),
    request_body = DayMarks,
    security(("bearer" = [])),
    responses((status = 200, description = "The day's marks", body = Vec<Mark>)))]
pub async fn mark_day(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String, NaiveDate)>,
    body: web::Json<DayMarks>,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let (_, training, day) = path.into_inner();
    let input = body.into_inner();
    let (tenant, actor) = (scope.id().to_string(), scope.actor().to_string());
    let marks = db
        .in_tenant(scope.id(), move |c| {
            trainings::find(c, &tenant, &training)?.ok_or_else(no_training)?;
            let is_day: i64 = d::table
                .filter(d::tenant_id.eq(&tenant))
                .filter(d::training_id.eq(&training))
                .filter(d::day.eq(day))
                .count()
                .get_result(c)?;
            if is_day == 0 {
                return Err(ApiError::invalid_field(
                    "day",
                    "day_outside_training",
                    format!("Le {day} n'est pas un jour de cette formation."),
                    format!("{day} is not a day of this training."),
                ));
            }
            let people = participants::of_training(c, &tenant, &training)?;
            let mut plan: BTreeMap<String, AttendanceStatus> = BTreeMap::new();
            if let Some(default) = input.default {
                for p in people.iter().filter(|p| !crate::participants::rules::is_cancelled(&p.status)) {
                    plan.insert(p.id.clone(), default);
                }
            }
            for (i, m) in input.marks.iter().enumerate() {
                if !people.iter().any(|p| p.id == m.participant_id) {
                    return Err(ApiError::invalid_field(
                        &format!("marks[{i}].participant_id"),
                        "unknown_participant",
                        "Cette personne n'est pas inscrite à cette formation.",
                        "This person is not enrolled in this training.",
                    ));
                }
                plan.insert(m.participant_id.clone(), m.status);
            }
            let now = audit::now();
            for (participant, status) in &plan {
                // Replace any earlier mark: delete then insert works on both engines
                // (an upsert would need per-engine SQL).
                diesel::delete(
                    a::table
                        .filter(a::tenant_id.eq(&tenant))
                        .filter(a::participant_id.eq(participant))
                        .filter(a::day.eq(day)),
                )
                .execute(c)?;
                diesel::insert_into(a::table)
                    .values((
                        a::tenant_id.eq(&tenant),
                        a::participant_id.eq(participant),
                        a::training_id.eq(&training),
                        a::day.eq(day),
                        a::status.eq(code_of(status)),
                        a::marked_by.eq(&actor),
                        a::marked_at.eq(now),
                    ))
                    .execute(c)?;
            }
            let marks: Vec<Mark> =
                plan.into_iter().map(|(participant_id, status)| Mark { participant_id, day, status }).collect();
            let entity = format!("{training}/{day}");
            audit::record(
                c,
                &tenant,
                Change {
                    actor: &actor,
                    action: "attendance",
                    entity: "training_day",
                    entity_id: &entity,
                    changes: json!(marks.len()),
                },
            )?;
            Ok(marks)
        })
        .await?;
    Ok(HttpResponse::Ok().json(marks))
}

/// The attendance sheet of a training.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/attendance", tag = "attendance",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id")),
    security(("bearer" = [])),
    responses((status = 200, description = "Marks and weighted rates", body = AttendanceSheet)))]
pub async fn get_sheet(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (tenant, training) = (scope.id().to_string(), path.into_inner().1);
    let (_, sheet) = db.read(scope.id(), move |c| sheet(c, &tenant, &training)).await?;
    Ok(HttpResponse::Ok().json(sheet))
}

/// The attendance sheet as CSV (`;`), headed by the session's details.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/attendance/export", tag = "attendance",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id")),
    security(("bearer" = [])),
    responses((status = 200, description = "CSV attendance sheet", content_type = "text/csv", body = String)))]
pub async fn export_sheet(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (tenant, training) = (scope.id().to_string(), path.into_inner().1);
    let (t, sheet) = db.read(scope.id(), move |c| sheet(c, &tenant, &training)).await?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new());
    let cell = |s: &str| neutralise_formula(s);
    let err = ApiError::internal;
    w.write_record(["Formation", &cell(&t.title)]).map_err(err)?;
    w.write_record(["Lieu", &cell(&format!("{}, {}", t.city, t.country))]).map_err(err)?;
    w.write_record(["Dates", &format!("{} – {}", t.start_date, t.end_date)]).map_err(err)?;
    w.write_record(["Partenaire hôte", &cell(&t.host_partner)]).map_err(err)?;
    let mut header = vec!["Participant".to_string(), "Mode".to_string()];
    header.extend(sheet.days.iter().map(|d| d.to_string()));
    header.push("Présence pondérée (%)".into());
    w.write_record(&header).map_err(err)?;
    for p in &sheet.participants {
        let mut row = vec![cell(p.full_name.as_deref().unwrap_or("(effacé)")), p.mode.clone()];
        row.extend(sheet.days.iter().map(|d| p.marks.get(d).map(code_of).unwrap_or_default()));
        row.push(p.weighted_percent.to_string());
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"attendance.csv\""))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttendanceStatus::*;

    #[test]
    fn weights_make_the_rate_and_unmarked_days_count_as_absent() {
        assert_eq!(weighted_percent(&[Present; 5], 5), 100);
        assert_eq!(weighted_percent(&[Present, Present, Present, Present, Absent], 5), 80);
        assert_eq!(weighted_percent(&[Present, Present, Present, Late], 5), 75);
        assert_eq!(weighted_percent(&[Excused, Excused], 2), 50);
        assert_eq!(weighted_percent(&[], 0), 0);
    }
}
