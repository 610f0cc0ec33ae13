//! HTTP handlers for attendance: a day marked at once, the sheet, its CSV export.

use super::types::*;
use super::{rules, store};
use crate::participants::store as participants;
use crate::roles::{PARTICIPANT_READERS, STAFF};
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{get, put, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::Id;
use modal_kit::text::{code_of, neutralise_formula as cell};
use modal_kit::{audit, ApiError};
use serde_json::json;

/// Mark attendance for one day, for several participants at once.
#[utoipa::path(tag = "attendance", params(DayPath), request_body = DayMarks,
    responses((status = 200, description = "The day's marks", body = Vec<Mark>)))]
#[put("/v1/tenants/{tenant}/trainings/{id}/days/{day}/attendance")]
pub async fn mark_attendance_day(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<DayPath>,
    body: web::Json<DayMarks>,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let (DayPath { id: training, day }, input) = (path.into_inner(), body.into_inner());
    let marks = db
        .write(&scope, move |c, actor| {
            trainings::find(c, &actor.tenant, &training)?.ok_or_else(no_training)?;
            if !trainings::has_day(c, &actor.tenant, &training, day)? {
                return Err(ApiError::invalid_field(
                    "day",
                    "day_outside_training",
                    format!("Le {day} n'est pas un jour de cette formation."),
                    format!("{day} is not a day of this training."),
                ));
            }
            let people = participants::of_training(c, &actor.tenant, &training)?;
            let plan = rules::plan_day(&input, &people)?;
            let now = modal_kit::clock::now();
            for (participant, status) in &plan {
                store::set_mark(c, (&actor.tenant, &training, &actor.subject), participant, day, *status, now)?;
            }
            let marks: Vec<Mark> =
                plan.into_iter().map(|(participant_id, status)| Mark { participant_id, day, status }).collect();
            audit::record(c, actor, "attendance", ("training_day", &format!("{training}/{day}")), json!(marks.len()))?;
            Ok(marks)
        })
        .await?;
    Ok(HttpResponse::Ok().json(marks))
}

/// The attendance sheet of a training.
#[utoipa::path(tag = "attendance", params(Id),
    responses((status = 200, description = "Marks and weighted rates", body = AttendanceSheet)))]
#[get("/v1/tenants/{tenant}/trainings/{id}/attendance")]
pub async fn get_attendance_sheet(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let training = path.into_inner().id;
    let (_, sheet) = db.read(&scope, move |c, tenant| store::sheet(c, tenant, &training)).await?;
    Ok(HttpResponse::Ok().json(sheet))
}

/// The attendance sheet as CSV (`;`), headed by the session's details.
#[utoipa::path(tag = "attendance", params(Id),
    responses((status = 200, description = "CSV attendance sheet", content_type = "text/csv", body = String)))]
#[get("/v1/tenants/{tenant}/trainings/{id}/attendance/export")]
pub async fn export_attendance_sheet(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let training = path.into_inner().id;
    let (t, sheet) = db.read(&scope, move |c, tenant| store::sheet(c, tenant, &training)).await?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new());
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
