//! HTTP handlers for trainings.

use super::rules::{self, Stamp};
use super::store;
use super::types::*;
use crate::roles::ORGANISERS;
use actix_web::http::header::{ETAG, LOCATION};
use actix_web::{web, HttpRequest, HttpResponse};
use modal_kit::audit::{self, Change};
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::etag::{etag, stale, IfMatch};
use modal_kit::pagination;
use modal_kit::{ApiError, Code};
use serde_json::{json, Value};

pub fn not_found() -> ApiError {
    ApiError::not_found("Formation", "Training")
}

fn respond(mut res: actix_web::HttpResponseBuilder, t: &Training) -> HttpResponse {
    res.insert_header((ETAG, etag(t.version))).json(t)
}

/// List trainings.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings", tag = "trainings",
    params(("tenant" = String, Path, description = "Tenant id"), TrainingFilter),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of trainings", body = inline(pagination::Page<Training>))))]
pub async fn list(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<TrainingFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let filter = filter.into_inner();
    let limit = pagination::limit(filter.limit)?;
    let after = pagination::decode_cursor(filter.after.as_deref())?;
    let (tenant, f) = (scope.id().to_string(), filter.clone());
    let rows = db.read(scope.id(), move |c| Ok(store::list(c, &tenant, &f, after.as_deref(), limit)?)).await?;
    let path = req.path().to_string();
    let page = pagination::page(
        rows.iter().map(rules::to_response).collect(),
        limit,
        |t: &Training| t.id.clone(),
        |cursor| pagination::link(&path, &TrainingFilter { after: Some(cursor), ..filter.clone() }),
    );
    Ok(page.respond())
}

/// Plan a training; its attendance days are created from its dates.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/trainings", tag = "trainings",
    params(("tenant" = String, Path, description = "Tenant id")),
    request_body = TrainingInput,
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Training, headers(("Location" = String), ("ETag" = String)))))]
pub async fn create(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<TrainingInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let now = audit::now();
    let stamp = Stamp {
        tenant: scope.id(),
        tenant_name: &scope.tenant.name,
        id: uuid::Uuid::now_v7().to_string(),
        version: 1,
        created_at: now,
        created_by: scope.actor().to_string(),
        now,
        actor: scope.actor(),
    };
    let row = rules::to_row(&input, stamp);
    let (tenant, actor) = (scope.id().to_string(), scope.actor().to_string());
    let created = db
        .in_tenant(scope.id(), move |c| {
            store::insert(c, &row, &rules::days_of(row.start_date, row.end_date))?;
            let t = rules::to_response(&row);
            audit::record(
                c,
                &tenant,
                Change { actor: &actor, action: "create", entity: "training", entity_id: &row.id, changes: json!(t) },
            )?;
            Ok(t)
        })
        .await?;
    let location = format!("/v1/tenants/{}/trainings/{}", scope.id(), created.id);
    Ok(respond(HttpResponse::Created().insert_header((LOCATION, location)).take(), &created))
}

/// Read one training.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}", tag = "trainings",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The training", body = Training, headers(("ETag" = String)))))]
pub async fn get(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let (tenant, id) = (scope.id().to_string(), path.into_inner().1);
    let row = db.read(scope.id(), move |c| Ok(store::find(c, &tenant, &id)?)).await?.ok_or_else(not_found)?;
    Ok(respond(HttpResponse::Ok(), &rules::to_response(&row)))
}

/// Replace a training. Requires `If-Match`. Dates cannot drop a day on which
/// attendance was already marked (409).
#[utoipa::path(put, path = "/v1/tenants/{tenant}/trainings/{id}", tag = "trainings",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("If-Match" = String, Header, description = "The ETag read")),
    request_body = TrainingInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = Training, headers(("ETag" = String))),
        (status = 409, description = "Attendance exists on a day the new dates drop", content_type = "application/problem+json"),
        (status = 412, description = "Stale ETag", content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", content_type = "application/problem+json"),
    ))]
pub async fn replace(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
    body: web::Json<TrainingInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let (tenant, tenant_name, actor, id) =
        (scope.id().to_string(), scope.tenant.name.clone(), scope.actor().to_string(), path.into_inner().1);
    let updated = db
        .in_tenant(scope.id(), move |c| {
            let current = store::find(c, &tenant, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            let stamp = Stamp {
                tenant: &tenant,
                tenant_name: &tenant_name,
                id: id.clone(),
                version: current.version + 1,
                created_at: current.created_at,
                created_by: current.created_by.clone(),
                now: audit::now(),
                actor: &actor,
            };
            let row = rules::to_row(&input, stamp);
            if !store::set_days(c, &tenant, &id, &rules::days_of(row.start_date, row.end_date))? {
                return Err(ApiError::new(Code::Conflict).with_detail(
                    "Des présences sont saisies sur des jours que ces dates suppriment.",
                    "Attendance is marked on days these dates would remove.",
                ));
            }
            if !store::replace(c, &row, current.version)? {
                return Err(stale());
            }
            let after = rules::to_response(&row);
            let change =
                Change { actor: &actor, action: "update", entity: "training", entity_id: &id, changes: Value::Null };
            audit::record_change(c, &tenant, change, &rules::to_response(&current), &after)?;
            Ok(after)
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), &updated))
}
