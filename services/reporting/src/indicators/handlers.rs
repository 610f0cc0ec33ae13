//! HTTP handlers for indicators: the catalogue, a tenant's report, the programme's.

use super::catalogue::{Definition, CATALOGUE};
use super::report::{self, ProgrammeReport, TenantReport};
use crate::periods::PeriodQuery;
use crate::roles::READERS;
use actix_web::{get, web, HttpResponse};
use modal_kit::auth::{Caller, ProgrammeScope, TenantScope};
use modal_kit::db::Db;
use modal_kit::ApiError;

/// What each indicator counts, from which service, with which filter.
#[utoipa::path(tag = "indicators", security(("bearer" = [])),
    responses(
        (status = 200, description = "The catalogue of indicators", body = Vec<Definition>),
        (status = 401, description = "No valid bearer token (see WWW-Authenticate)", body = modal_kit::http::Problem,
            content_type = "application/problem+json"),
    ))]
#[get("/v1/indicators")]
pub async fn list_definitions(_caller: Caller) -> HttpResponse {
    HttpResponse::Ok().json(CATALOGUE)
}

/// The tenant's indicators for a year or a quarter, from the latest snapshots.
#[utoipa::path(tag = "indicators", params(PeriodQuery),
    responses((status = 200, description = "The tenant's report", body = TenantReport)))]
#[get("/v1/tenants/{tenant}/indicators")]
pub async fn get_tenant_report(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let period = query.check()?;
    Ok(HttpResponse::Ok().json(report::tenant_report(&db, scope.id(), period).await?))
}

/// Every tenant's indicators side by side, and the programme's total (programme team).
#[utoipa::path(tag = "indicators", params(PeriodQuery),
    responses((status = 200, description = "The programme's report", body = ProgrammeReport)))]
#[get("/v1/programme/indicators")]
pub async fn get_programme_report(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.check()?;
    let tenants = scope.ids();
    Ok(HttpResponse::Ok().json(report::programme_report(&db, &tenants, period).await?))
}
