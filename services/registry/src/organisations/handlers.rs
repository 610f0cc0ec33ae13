//! HTTP handlers for organisations: extract → validate → persist → respond.
//! Each handler states its role rule on its first line.

use super::rules::{self, RowBase};
use super::store;
use super::types::*;
use crate::roles::{ADMINS, EDITORS};
use actix_web::http::header::{ETAG, LOCATION};
use actix_web::{web, HttpRequest, HttpResponse};
use modal_kit::audit::{self, Change};
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::etag::{etag, IfMatch};
use modal_kit::pagination;
use modal_kit::text::{code_of, parse_code};
use modal_kit::{ApiError, Code};
use serde_json::{json, Value};

type TenantPath = web::Path<(String, String)>;

pub fn not_found() -> ApiError {
    ApiError::not_found("Organisation", "Organisation")
}

pub fn location(tenant: &str, id: &str) -> String {
    format!("/v1/tenants/{tenant}/organisations/{id}")
}

fn with_etag(mut res: actix_web::HttpResponseBuilder, org: &Organisation) -> HttpResponse {
    res.insert_header((ETAG, etag(org.version))).json(org)
}

/// List and search organisations.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/organisations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), OrganisationFilter),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of organisations", body = inline(pagination::Page<Organisation>))))]
pub async fn list(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<OrganisationFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let filter = filter.into_inner();
    if let Some(c) = &filter.country {
        let mut v = modal_kit::validate::Violations::new();
        v.country("country", c);
        v.finish()?;
    }
    let limit = pagination::limit(filter.limit)?;
    let after = pagination::decode_cursor(filter.after.as_deref())?;
    let (tenant, f) = (scope.id().to_string(), filter.clone());
    let rows = db.read(scope.id(), move |c| Ok(store::list(c, &tenant, &f, after.as_deref(), limit)?)).await?;
    let items: Vec<Organisation> = rows.into_iter().map(rules::into_response).collect();
    let path = req.path().to_string();
    let page = pagination::page(
        items,
        limit,
        |o| o.id.clone(),
        |cursor| {
            let next = OrganisationFilter { after: Some(cursor), ..filter.clone() };
            pagination::link(&path, &next)
        },
    );
    Ok(page.respond())
}

/// Register an organisation. An organisation with the same name in the same
/// country is answered 409 with a link to it, unless `confirm_distinct=true`.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/organisations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), CreateOptions),
    request_body = OrganisationInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = Organisation,
            headers(("Location" = String, description = "The new organisation"), ("ETag" = String))),
        (status = 409, description = "Probably already registered (see `existing`)", content_type = "application/problem+json"),
    ))]
pub async fn create(
    scope: TenantScope,
    db: web::Data<Db>,
    options: web::Query<CreateOptions>,
    body: web::Json<OrganisationInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let row = rules::to_row(&input, RowBase::new(scope.id(), scope.actor(), audit::now()));
    let (tenant, actor, confirm) =
        (scope.id().to_string(), scope.actor().to_string(), options.confirm_distinct.unwrap_or(false));
    let created = db
        .in_tenant(scope.id(), move |c| {
            if !confirm {
                if let Some(existing) = store::find_same(c, &tenant, &row.name_key, &row.country)? {
                    return Err(duplicate(&tenant, &existing.id));
                }
            }
            store::insert(c, &row)?;
            let org = rules::to_response(&row);
            let change = Change {
                actor: &actor,
                action: "create",
                entity: "organisation",
                entity_id: &row.id,
                changes: json!(org),
            };
            audit::record(c, &tenant, change)?;
            Ok(org)
        })
        .await?;
    Ok(with_etag(HttpResponse::Created().insert_header((LOCATION, location(scope.id(), &created.id))).take(), &created))
}

pub fn duplicate(tenant: &str, existing_id: &str) -> ApiError {
    ApiError::new(Code::DuplicateOrganisation)
        .with_detail(
            "Une organisation du même nom existe déjà dans ce pays. Si c'en est une autre, renvoyez avec confirm_distinct=true.",
            "An organisation with the same name already exists in this country. If it is a different one, resend with confirm_distinct=true.",
        )
        .with_extra("existing", json!(location(tenant, existing_id)))
}

/// Read one organisation (with its ETag).
#[utoipa::path(get, path = "/v1/tenants/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Organisation id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String)))))]
pub async fn get(scope: TenantScope, db: web::Data<Db>, path: TenantPath) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let (tenant, id) = (scope.id().to_string(), path.into_inner().1);
    let row = db.read(scope.id(), move |c| Ok(store::find(c, &tenant, &id)?)).await?.ok_or_else(not_found)?;
    Ok(with_etag(HttpResponse::Ok(), &rules::to_response(&row)))
}

/// Replace an organisation's details (not its status). Requires `If-Match`.
#[utoipa::path(put, path = "/v1/tenants/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "The ETag read")),
    request_body = OrganisationInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = Organisation, headers(("ETag" = String))),
        (status = 409, description = "Same name and country as another organisation", content_type = "application/problem+json"),
        (status = 412, description = "Stale ETag", content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", content_type = "application/problem+json"),
    ))]
pub async fn replace(
    scope: TenantScope,
    db: web::Data<Db>,
    path: TenantPath,
    body: web::Json<OrganisationInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let (tenant, actor, id) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1);
    let updated = db
        .in_tenant(scope.id(), move |c| {
            let current = store::find(c, &tenant, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            let row = rules::to_row(&input, RowBase::next(&current, &actor, audit::now()));
            if row.name_key != current.name_key || row.country != current.country {
                if let Some(other) = store::find_same(c, &tenant, &row.name_key, &row.country)?.filter(|o| o.id != id) {
                    return Err(duplicate(&tenant, &other.id));
                }
            }
            save(c, &tenant, &actor, "update", &current, &row)
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &updated))
}

/// Writes the new version and its audit event; 412 if someone wrote in between.
fn save(
    c: &mut modal_kit::db::AnyConnection,
    tenant: &str,
    actor: &str,
    action: &str,
    current: &OrganisationRow,
    row: &OrganisationRow,
) -> Result<Organisation, ApiError> {
    if !store::replace(c, row, current.version)? {
        return Err(modal_kit::etag::stale());
    }
    let after = rules::to_response(row);
    let change = Change { actor, action, entity: "organisation", entity_id: &row.id, changes: Value::Null };
    audit::record_change(c, tenant, change, &rules::to_response(current), &after)?;
    Ok(after)
}

/// Move an organisation through its lifecycle. Requires `If-Match`.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/organisations/{id}/status", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "The ETag read")),
    request_body = StatusChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Status changed", body = Organisation, headers(("ETag" = String))),
        (status = 412, description = "Stale ETag", content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", content_type = "application/problem+json"),
    ))]
pub async fn change_status(
    scope: TenantScope,
    db: web::Data<Db>,
    path: TenantPath,
    body: web::Json<StatusChange>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (tenant, actor, id, to) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1, body.status);
    let updated = db
        .in_tenant(scope.id(), move |c| {
            let current = store::find(c, &tenant, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            let from: OrganisationStatus = parse_code(&current.status).unwrap_or(OrganisationStatus::Identified);
            if !rules::can_move(from, to) {
                return Err(ApiError::invalid_field(
                    "status",
                    "invalid_transition",
                    format!("Passage de « {} » à « {} » impossible.", code_of(&from), code_of(&to)),
                    format!("Cannot move from '{}' to '{}'.", code_of(&from), code_of(&to)),
                ));
            }
            let mut row = current.clone();
            let base = RowBase::next(&current, &actor, audit::now());
            (row.version, row.updated_at, row.updated_by, row.status) =
                (base.version, base.updated_at, base.updated_by, code_of(&to));
            save(c, &tenant, &actor, "status", &current, &row)
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &updated))
}

/// Remove an organisation: deleted when nothing refers to it, archived otherwise
/// (answered 200 with the archived record).
#[utoipa::path(delete, path = "/v1/tenants/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Organisation id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Archived, because partnerships refer to it", body = Organisation),
        (status = 204, description = "Deleted"),
    ))]
pub async fn remove(scope: TenantScope, db: web::Data<Db>, path: TenantPath) -> Result<HttpResponse, ApiError> {
    scope.require(ADMINS)?;
    let (tenant, actor, id) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1);
    let archived = db
        .in_tenant(scope.id(), move |c| {
            let current = store::find(c, &tenant, &id)?.ok_or_else(not_found)?;
            if !store::is_referenced(c, &tenant, &id)? {
                store::delete(c, &tenant, &id)?;
                let changes = json!(rules::to_response(&current));
                audit::record(
                    c,
                    &tenant,
                    Change { actor: &actor, action: "delete", entity: "organisation", entity_id: &id, changes },
                )?;
                return Ok(None);
            }
            let mut row = current.clone();
            let base = RowBase::next(&current, &actor, audit::now());
            (row.version, row.updated_at, row.updated_by) = (base.version, base.updated_at, base.updated_by);
            row.archived_at = row.archived_at.or(Some(base.updated_at));
            save(c, &tenant, &actor, "archive", &current, &row).map(Some)
        })
        .await?;
    Ok(match archived {
        Some(org) => with_etag(HttpResponse::Ok(), &org),
        None => HttpResponse::NoContent().finish(),
    })
}

/// Likely duplicates: organisations sharing a normalised name and a country.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/organisations/duplicates", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id")),
    security(("bearer" = [])),
    responses((status = 200, description = "Groups of likely duplicates", body = Vec<DuplicateGroup>)))]
pub async fn duplicates(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let tenant = scope.id().to_string();
    let groups = db
        .read(scope.id(), move |c| {
            let mut groups = Vec::new();
            for (name_key, country) in store::duplicate_keys(c, &tenant)? {
                let rows = store::with_key(c, &tenant, &name_key, &country)?;
                let organisations = rows.iter().map(rules::to_response).collect();
                groups.push(DuplicateGroup { name_key, country, organisations });
            }
            Ok(groups)
        })
        .await?;
    Ok(HttpResponse::Ok().json(groups))
}
