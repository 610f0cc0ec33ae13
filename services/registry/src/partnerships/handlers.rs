//! HTTP handlers for partnerships. Each route is declared here once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::organisations::store as orgs;
use crate::roles::{ADMINS, EDITORS};
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::{audit, ApiError};
use serde_json::json;

fn not_found() -> ApiError {
    ApiError::not_found("Partenariat", "Partnership")
}

/// Checks the input against the organisations it names, in this tenant.
fn check(c: &mut AnyConnection, tenant: &str, input: &PartnershipInput) -> Result<(), ApiError> {
    let diaspora = orgs::find(c, tenant, &input.diaspora_organisation_id)?;
    let local = orgs::find(c, tenant, &input.local_organisation_id)?;
    rules::validate(input, diaspora.as_ref(), local.as_ref())
}

/// List partnerships.
#[utoipa::path(tag = "partnerships", params(PartnershipFilter),
    responses((status = 200, description = "A page of partnerships", body = inline(pagination::Page<Partnership>))))]
#[get("/v1/tenants/{tenant}/partnerships")]
pub async fn list_partnerships(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<PartnershipFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let filter = filter.into_inner();
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let rows = db.read(&scope, move |c, tenant| Ok(store::list(c, tenant, &filter, &w)?)).await?;
    Ok(pagination::respond(&req, &window, rows.iter().map(Partnership::from).collect(), |p| &p.id))
}

/// Record a partnership between a diaspora organisation and a local one.
#[utoipa::path(tag = "partnerships", request_body = PartnershipInput,
    responses((status = 201, description = "Created", body = Partnership,
        headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/partnerships")]
pub async fn create_partnership(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<PartnershipInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    let created = db
        .write(&scope, move |c, actor| {
            check(c, &actor.tenant, &input)?;
            let row = rules::to_row(&input, Stamp::new(actor));
            store::insert(c, &row)?;
            let p = Partnership::from(&row);
            audit::record_created(c, actor, ("partnership", &row.id), &p)?;
            Ok(p)
        })
        .await?;
    let location = format!("/v1/tenants/{}/partnerships/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Read one partnership.
#[utoipa::path(tag = "partnerships", params(Id),
    responses((status = 200, description = "The partnership", body = Partnership, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/partnerships/{id}")]
pub async fn get_partnership(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let id = path.into_inner().id;
    let row = db.read(&scope, move |c, tenant| Ok(store::find(c, tenant, &id)?)).await?.ok_or_else(not_found)?;
    Ok(etag::ok(&Partnership::from(&row), row.version))
}

/// Replace a partnership. Requires `If-Match`.
#[utoipa::path(tag = "partnerships",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = PartnershipInput,
    responses(
        (status = 200, description = "Updated", body = Partnership, headers(("ETag" = String))),
    ))]
#[put("/v1/tenants/{tenant}/partnerships/{id}")]
pub async fn replace_partnership(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<PartnershipInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (input, id) = (body.into_inner(), path.into_inner().id);
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            check(c, &actor.tenant, &input)?;
            let row = rules::to_row(&input, current.stamp().next(actor));
            let (before, after) = (Partnership::from(&current), Partnership::from(&row));
            let rev = Revision {
                action: "update",
                entity: "partnership",
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

/// Delete a partnership.
#[utoipa::path(tag = "partnerships", params(Id), responses((status = 204, description = "Deleted")))]
#[delete("/v1/tenants/{tenant}/partnerships/{id}")]
pub async fn delete_partnership(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ADMINS)?;
    let id = path.into_inner().id;
    db.write(&scope, move |c, actor| {
        let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
        store::delete(c, &actor.tenant, &id)?;
        audit::record(c, actor, "delete", ("partnership", &id), json!(Partnership::from(&current)))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
