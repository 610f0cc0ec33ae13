//! Operational routes: liveness, readiness, metrics.

use super::metrics::{metrics_text, Metrics};
use crate::db::Db;
use crate::error::{ApiError, Code};
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(utoipa::OpenApi)]
#[openapi(paths(healthz, readyz, metrics))]
pub struct OpsDoc;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when alive, `ready` when the database answers.
    status: &'static str,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(healthz)))
        .service(web::resource("/readyz").route(web::get().to(readyz)))
        .service(web::resource("/metrics").route(web::get().to(metrics)));
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process is alive", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness: the database answers; a load balancer stops sending traffic otherwise.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "The database is unreachable", content_type = "application/problem+json"),
    ))]
pub async fn readyz(db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    db.ping().await.map_err(|e| ApiError::new(Code::DatabaseUnavailable).with_cause(e))?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Metrics in Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(m: web::Data<Metrics>) -> HttpResponse {
    metrics_text(m).await
}

pub async fn route_not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(Code::RouteNotFound))
}
