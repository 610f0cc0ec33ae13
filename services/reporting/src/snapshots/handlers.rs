//! HTTP handlers for snapshots: gather now (a tenant, or the programme), and see
//! what the latest ones are and how old.

use super::types::{GatherInput, Gathered, Source};
use super::{gather, store};
use crate::peers::Peers;
use crate::periods::{PeriodQuery, ReportPeriod};
use crate::roles::{EDITORS, READERS};
use actix_web::{get, post, web, HttpResponse};
use modal_kit::auth::{ProgrammeScope, TenantScope};
use modal_kit::db::Db;
use modal_kit::ApiError;

fn year_periods(input: &GatherInput) -> Result<Vec<ReportPeriod>, ApiError> {
    if !(2000..=2100).contains(&input.year) {
        return Err(ApiError::invalid_field(
            "year",
            "out_of_range",
            "L'année va de 2000 à 2100.",
            "The year runs from 2000 to 2100.",
        ));
    }
    Ok(ReportPeriod::year_and_quarters(input.year))
}

/// Gather the tenant's figures for a year (the year and its quarters) now, with
/// the caller's token: each service applies its own rules to it.
#[utoipa::path(tag = "snapshots", request_body = GatherInput,
    responses((status = 200, description = "What was gathered, and which services could not be read", body = Gathered)))]
#[post("/v1/tenants/{tenant}/snapshots")]
pub async fn gather_tenant(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    body: web::Json<GatherInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let periods = year_periods(&body)?;
    let token = scope.caller.token();
    let gathered = gather::gather(&peers, &db, scope.id(), &periods, token, scope.subject()).await?;
    Ok(HttpResponse::Ok().json(gathered))
}

/// Gather every tenant's figures for a year now (programme team).
#[utoipa::path(tag = "snapshots", request_body = GatherInput,
    responses((status = 200, description = "What was gathered, and which services could not be read", body = Gathered)))]
#[post("/v1/programme/snapshots")]
pub async fn gather_programme(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    body: web::Json<GatherInput>,
) -> Result<HttpResponse, ApiError> {
    let periods = year_periods(&body)?;
    let mut all = Gathered::default();
    for tenant in scope.tenants() {
        let token = scope.caller.token();
        let one = gather::gather(&peers, &db, &tenant.id, &periods, token, scope.caller.subject()).await?;
        all.taken.extend(one.taken);
        all.failed.extend(one.failed);
    }
    Ok(HttpResponse::Ok().json(all))
}

/// The latest snapshot of each service for a period, and its age.
#[utoipa::path(tag = "snapshots", params(PeriodQuery),
    responses((status = 200, description = "The latest snapshot of each service", body = Vec<Source>)))]
#[get("/v1/tenants/{tenant}/snapshots")]
pub async fn list_latest(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let period = query.check()?.label();
    let rows = db.read(&scope, move |c, tenant| Ok(store::latest(c, tenant, &period)?)).await?;
    let now = chrono::Utc::now();
    Ok(HttpResponse::Ok().json(rows.iter().map(|r| Source::of(r, now)).collect::<Vec<_>>()))
}
