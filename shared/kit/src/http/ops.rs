//! Operational routes (liveness, readiness, metrics), the docs UI's address, and
//! the answer to a request no route takes: 405 with `Allow` when the path is one
//! of the contract's under another method, 404 otherwise.

use super::metrics::{metrics_text, Metrics};
use crate::db::Db;
use crate::error::{ApiError, Code};
use actix_web::dev::ResourceDef;
use actix_web::http::header::{ALLOW, LOCATION};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::openapi::OpenApi;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when alive, `ready` when the database answers.
    status: &'static str,
    /// The release this replica runs (reporting records it with each snapshot).
    version: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is alive", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok", version: env!("CARGO_PKG_VERSION") })
}

/// Readiness: the database answers; a load balancer stops sending traffic otherwise.
#[utoipa::path(tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "The database is unreachable", content_type = "application/problem+json"),
    ))]
#[get("/readyz")]
pub async fn readyz(db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    db.ping().await.map_err(|e| ApiError::new(Code::DATABASE_UNAVAILABLE).with_cause(e))?;
    Ok(HttpResponse::Ok().json(Health { status: "ready", version: env!("CARGO_PKG_VERSION") }))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(tag = "operations",
    responses((status = 200, description = "Metrics in Prometheus text format", content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(m: web::Data<Metrics>) -> HttpResponse {
    metrics_text(m).await
}

/// A person types `/docs`; the UI lives at `/docs/`.
pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::MovedPermanently().insert_header((LOCATION, "/docs/")).finish()
}

/// The contract as served at `/openapi.json`: serialised once per process and
/// shared by the workers. (Handing the document itself to the docs UI would keep
/// a copy per worker: about 37 times the JSON's size each, 9.5 MiB for funding's.)
pub struct ContractJson(pub web::Bytes);

pub async fn openapi_json(doc: web::Data<ContractJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(doc.0.clone())
}

/// The contract's paths and their methods, to tell 405 from 404.
pub struct Routes(Vec<(ResourceDef, String)>);

impl Routes {
    pub fn of(doc: &OpenApi) -> Routes {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods: Vec<&str> = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, has)| has.then_some(m))
                .collect();
                (ResourceDef::new(path.as_str()), methods.join(", "))
            })
            .collect();
        Routes(routes)
    }
}

/// No route took the request.
pub async fn unrouted(req: HttpRequest, routes: web::Data<Routes>) -> Result<HttpResponse, ApiError> {
    match routes.0.iter().find(|(def, _)| def.is_match(req.path())) {
        Some((_, allow)) => Err(ApiError::new(Code::METHOD_NOT_ALLOWED)
            .with_detail(format!("Méthodes permises : {allow}."), format!("Allowed methods: {allow}."))
            .with_header(ALLOW, allow)),
        None => Err(ApiError::new(Code::ROUTE_NOT_FOUND)),
    }
}
