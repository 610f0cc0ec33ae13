//! The programme's IATI file, from what reporting holds: the programme report of
//! the period and each tenant's latest projects snapshot (no service is asked).

use super::config::IatiConfig;
use super::document::export;
use super::programme::TenantInfo;
use crate::indicators::report::programme_report;
use crate::periods::PeriodQuery;
use crate::snapshots::projects::FundedProjects;
use crate::snapshots::store;
use actix_web::http::header::CONTENT_DISPOSITION;
use actix_web::{get, web, HttpResponse};
use modal_kit::auth::ProgrammeScope;
use modal_kit::db::Db;
use modal_kit::ApiError;

/// The programme and its funded micro-projects as IATI 2.03 activities (programme
/// team). The period chooses the results' figures; the projects are all those of
/// the latest gathering, with every transaction up to today.
#[utoipa::path(tag = "exports", params(PeriodQuery),
    responses((status = 200, description = "An IATI 2.03 activity file (`iati-activities`)",
        content_type = "application/xml", body = String)))]
#[get("/v1/programme/exports/iati.xml")]
pub async fn programme_iati(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    config: web::Data<IatiConfig>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.check()?;
    let ids = scope.ids();
    let report = programme_report(&db, &ids, period).await?;
    let mut each = Vec::with_capacity(ids.len());
    for t in scope.tenants() {
        let row = db.read_in(&t.id, |c, tenant| Ok(store::latest_projects(c, tenant)?)).await?;
        let projects = match row {
            Some(row) => serde_json::from_str::<FundedProjects>(&row.figures).map_err(ApiError::internal)?.projects,
            None => Vec::new(),
        };
        each.push((TenantInfo { id: t.id.clone(), name: t.name.clone(), country: t.country.clone() }, projects));
    }
    let xml = export(&config, &each, &report, chrono::Utc::now());
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((CONTENT_DISPOSITION, format!("attachment; filename=\"iati-modal-{}.xml\"", period.label())))
        .body(xml))
}
