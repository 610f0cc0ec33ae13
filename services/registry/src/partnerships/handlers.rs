//! HTTP handlers for partnerships.

use super::rules::{self, Stamp};
use super::store;
use super::types::*;
use crate::organisations::store as orgs;
use crate::roles::{ADMINS, EDITORS};
use actix_web::http::header::{ETAG, LOCATION};
use actix_web::{web, HttpRequest, HttpResponse};
use modal_kit::audit::{self, Change};
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag::{etag, stale, IfMatch};
use modal_kit::pagination;
use modal_kit::ApiError;
use serde_json::{json, Value};

type TenantPath = web::Path<(String, String)>;

fn not_found() -> ApiError {
    ApiError::not_found("Partenariat", "Partnership")
}

fn check(c: &mut AnyConnection, tenant: &str, input: &PartnershipInput) -> Result<(), ApiError> {
    let diaspora = orgs::find(c, tenant, &input.diaspora_organisation_id)?;
    let local = orgs::find(c, tenant, &input.local_organisation_id)?;
    rules::validate(input, diaspora.as_ref(), local.as_ref())
}

/// List partnerships.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/partnerships", tag = "partnerships",
    params(("tenant" = String, Path, description = "Tenant id"), PartnershipFilter),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of partnerships", body = inline(pagination::Page<Partnership>))))]
pub async fn list(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<PartnershipFilter>,
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
        |p: &Partnership| p.id.clone(),
        |cursor| {
            let next = PartnershipFilter { after: Some(cursor), ..filter.clone() };
            pagination::link(&path, &next)
        },
    );
    Ok(page.respond())
}

/// Record a partnership between a diaspora organisation and a local one.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/partnerships", tag = "partnerships",
    params(("tenant" = String, Path, description = "Tenant id")),
    request_body = PartnershipInput,
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Partnership,
        headers(("Location" = String), ("ETag" = String)))))]
pub async fn create(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<PartnershipInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    let (tenant, actor) = (scope.id().to_string(), scope.actor().to_string());
    let created = db
        .in_tenant(scope.id(), move |c| {
            check(c, &tenant, &input)?;
            let now = audit::now();
            let id = uuid::Uuid::now_v7().to_string();
            let stamp =
                Stamp { tenant: &tenant, id, version: 1, created_at: now, created_by: &actor, now, actor: &actor };
            let row = rules::to_row(&input, stamp);
            store::insert(c, &row)?;
            let p = rules::to_response(&row);
            audit::record(
                c,
                &tenant,
                Change {
                    actor: &actor,
                    action: "create",
                    entity: "partnership",
                    entity_id: &row.id,
                    changes: json!(p),
                },
            )?;
            Ok(p)
        })
        .await?;
    let location = format!("/v1/tenants/{}/partnerships/{}", scope.id(), created.id);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, location))
        .insert_header((ETAG, etag(created.version)))
        .json(created))
}

/// Read one partnership.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/partnerships/{id}", tag = "partnerships",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Partnership id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The partnership", body = Partnership, headers(("ETag" = String)))))]
pub async fn get(scope: TenantScope, db: web::Data<Db>, path: TenantPath) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let (tenant, id) = (scope.id().to_string(), path.into_inner().1);
    let row = db.read(scope.id(), move |c| Ok(store::find(c, &tenant, &id)?)).await?.ok_or_else(not_found)?;
    let p = rules::to_response(&row);
    Ok(HttpResponse::Ok().insert_header((ETAG, etag(p.version))).json(p))
}

/// Replace a partnership. Requires `If-Match`.
#[utoipa::path(put, path = "/v1/tenants/{tenant}/partnerships/{id}", tag = "partnerships",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Partnership id"),
        ("If-Match" = String, Header, description = "The ETag read")),
    request_body = PartnershipInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = Partnership, headers(("ETag" = String))),
        (status = 412, description = "Stale ETag", content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", content_type = "application/problem+json"),
    ))]
pub async fn replace(
    scope: TenantScope,
    db: web::Data<Db>,
    path: TenantPath,
    body: web::Json<PartnershipInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    let (tenant, actor, id) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1);
    let updated = db
        .in_tenant(scope.id(), move |c| {
            let current = store::find(c, &tenant, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            check(c, &tenant, &input)?;
            let stamp = Stamp {
                tenant: &tenant,
                id: current.id.clone(),
                version: current.version + 1,
                created_at: current.created_at,
                created_by: &current.created_by,
                now: audit::now(),
                actor: &actor,
            };
            let row = rules::to_row(&input, stamp);
            if !store::replace(c, &row, current.version)? {
                return Err(stale());
            }
            let after = rules::to_response(&row);
            let change =
                Change { actor: &actor, action: "update", entity: "partnership", entity_id: &id, changes: Value::Null };
            audit::record_change(c, &tenant, change, &rules::to_response(&current), &after)?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header((ETAG, etag(updated.version))).json(updated))
}

/// Delete a partnership.
#[utoipa::path(delete, path = "/v1/tenants/{tenant}/partnerships/{id}", tag = "partnerships",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Partnership id")),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted")))]
pub async fn remove(scope: TenantScope, db: web::Data<Db>, path: TenantPath) -> Result<HttpResponse, ApiError> {
    scope.require(ADMINS)?;
    let (tenant, actor, id) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1);
    db.in_tenant(scope.id(), move |c| {
        let current = store::find(c, &tenant, &id)?.ok_or_else(not_found)?;
        store::delete(c, &tenant, &id)?;
        let changes = json!(rules::to_response(&current));
        audit::record(
            c,
            &tenant,
            Change { actor: &actor, action: "delete", entity: "partnership", entity_id: &id, changes },
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
