//! HTTP handlers for trainings. Each route is declared here once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::roles::ORGANISERS;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::{audit, ApiError, Code};

pub fn not_found() -> ApiError {
    ApiError::not_found("Formation", "Training")
}

/// List trainings.
#[utoipa::path(tag = "trainings", params(TrainingFilter),
    responses((status = 200, description = "A page of trainings", body = inline(pagination::Page<Training>))))]
#[get("/v1/tenants/{tenant}/trainings")]
pub async fn list_trainings(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<TrainingFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let filter = filter.into_inner();
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let rows = db.read(&scope, move |c, tenant| Ok(store::list(c, tenant, &filter, &w)?)).await?;
    Ok(pagination::respond(&req, &window, rows.iter().map(Training::from).collect(), |t| &t.id))
}

/// Plan a training; its attendance days are created from its dates.
#[utoipa::path(tag = "trainings", request_body = TrainingInput,
    responses((status = 201, description = "Created", body = Training, headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/trainings")]
pub async fn create_training(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<TrainingInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let tenant_name = scope.tenant.name.clone();
    let created = db
        .write(&scope, move |c, actor| {
            let row = rules::to_row(&input, Stamp::new(actor), &tenant_name);
            store::insert(c, &row)?;
            let t = Training::from(&row);
            audit::record_created(c, actor, ("training", &row.id), &t)?;
            Ok(t)
        })
        .await?;
    let location = format!("/v1/tenants/{}/trainings/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Read one training.
#[utoipa::path(tag = "trainings", params(Id),
    responses((status = 200, description = "The training", body = Training, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/trainings/{id}")]
pub async fn get_training(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let id = path.into_inner().id;
    let row = db.read(&scope, move |c, tenant| Ok(store::find(c, tenant, &id)?)).await?.ok_or_else(not_found)?;
    Ok(etag::ok(&Training::from(&row), row.version))
}

/// Replace a training. Requires `If-Match`. Dates cannot drop a day on which
/// attendance was already marked (409).
#[utoipa::path(tag = "trainings",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = TrainingInput,
    responses(
        (status = 200, description = "Updated", body = Training, headers(("ETag" = String))),
        (status = 409, description = "Attendance exists on a day the new dates drop", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/trainings/{id}")]
pub async fn replace_training(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<TrainingInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let (tenant_name, id) = (scope.tenant.name.clone(), path.into_inner().id);
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            let row = rules::to_row(&input, current.stamp().next(actor), &tenant_name);
            if !store::set_days(c, &actor.tenant, &id, &row.days())? {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "Des présences sont saisies sur des jours que ces dates suppriment.",
                    "Attendance is marked on days these dates would remove.",
                ));
            }
            let (before, after) = (Training::from(&current), Training::from(&row));
            let rev = Revision {
                action: "update",
                entity: "training",
                id: &id,
                version: current.version,
                before: &before,
                after: &after,
            };
            stamp::replace(c, actor, if_match, rev, |c| store::replace(c, &row, current.version))?;
            Ok(after)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}
