//! HTTP handlers for attendance: a day marked at once, the sheet, its CSV export.

use super::types::*;
use super::{rules, store};
use crate::participants::store as participants;
use crate::roles::{PARTICIPANT_READERS, STAFF};
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::{get, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::Id;
use modal_kit::i18n::Lang;
use modal_kit::labels::label;
use modal_kit::spreadsheet::{self, download, Cell, CSV};
use modal_kit::text::code_of;
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

/// The attendance sheet as CSV (UTF-8 with a BOM, `;`), headed by the session's
/// details, with the labels of the modes and marks in the caller's language
/// (French unless `Accept-Language` asks for English).
#[utoipa::path(tag = "attendance", params(Id),
    responses((status = 200, description = "CSV attendance sheet", content_type = "text/csv", body = String)))]
#[get("/v1/tenants/{tenant}/trainings/{id}/attendance/export")]
pub async fn export_attendance_sheet(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (training, lang) = (path.into_inner().id, Lang::from_headers(req.headers()));
    let (t, sheet) = db.read(&scope, move |c, tenant| store::sheet(c, tenant, &training)).await?;
    let pick = |fr: &str, en: &str| Cell::from(lang.pick(fr, en));
    let mut lines = vec![
        vec![pick("Formation", "Training"), Cell::from(t.title.as_str())],
        vec![pick("Lieu", "Place"), Cell::from(format!("{}, {}", t.city, t.country))],
        vec![pick("Dates", "Dates"), Cell::from(format!("{} – {}", t.start_date, t.end_date))],
        vec![pick("Partenaire hôte", "Host partner"), Cell::from(t.host_partner.as_str())],
    ];
    let mut header = vec![pick("Participant", "Participant"), pick("Mode", "Mode")];
    header.extend(sheet.days.iter().map(|d| Cell::from(d.to_string())));
    header.push(pick("Présence pondérée (%)", "Weighted attendance (%)"));
    lines.push(header);
    for p in &sheet.participants {
        let name = p.full_name.as_deref().unwrap_or(lang.pick("(effacé)", "(erased)"));
        let mut line = vec![Cell::from(name), Cell::from(label(&p.mode, lang))];
        line.extend(
            sheet.days.iter().map(|d| p.marks.get(d).map_or(Cell::Empty, |m| Cell::from(label(&code_of(m), lang)))),
        );
        line.push(Cell::Number(f64::from(p.weighted_percent)));
        lines.push(line);
    }
    Ok(download(spreadsheet::csv(&lines, lang)?, CSV, "attendance.csv"))
}
