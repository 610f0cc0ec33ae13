//! HTTP handlers for organisations: extract → check role → validate → persist →
//! respond. Each route is declared here once, on its handler.

use super::types::*;
use super::{identifiers, links, rules, store, DUPLICATE_IDENTIFIER, DUPLICATE_ORGANISATION};
use crate::roles::{ADMINS, EDITORS};
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::{Actor, TenantScope, ANY_READER};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision};
use modal_kit::text::{code_of, parse_code};
use modal_kit::{audit, ApiError};
use serde_json::json;

pub fn not_found() -> ApiError {
    ApiError::not_found("Organisation", "Organisation")
}

pub fn location(tenant: &str, id: &str) -> String {
    format!("/v1/tenants/{tenant}/organisations/{id}")
}

pub fn duplicate(tenant: &str, existing_id: &str) -> ApiError {
    ApiError::new(DUPLICATE_ORGANISATION)
        .with_detail(
            "Une organisation du même nom existe déjà dans ce pays. Si c'en est une autre, renvoyez avec confirm_distinct=true.",
            "An organisation with the same name already exists in this country. If it is a different one, resend with confirm_distinct=true.",
        )
        .with_extra("existing", json!(location(tenant, existing_id)))
}

/// The identifier keys `row` declares, refused (409) when another organisation of
/// the tenant holds one. Two concurrent claims meet the unique key instead (409 too).
fn claim_identifiers(c: &mut AnyConnection, row: &OrganisationRow) -> Result<Vec<(String, String)>, ApiError> {
    let registrations: Vec<Registration> = serde_json::from_str(&row.registrations).unwrap_or_default();
    let keys = identifiers::keys(&registrations);
    if let Some(holder) = identifiers::holder(c, &row.tenant_id, &row.id, &keys)? {
        return Err(ApiError::new(DUPLICATE_IDENTIFIER)
            .with_detail(
                "Une autre organisation de ce partenaire porte déjà cet identifiant.",
                "Another organisation of this tenant already holds this identifier.",
            )
            .with_extra("existing", json!(location(&row.tenant_id, &holder))));
    }
    Ok(keys)
}

/// List and search organisations.
#[utoipa::path(tag = "organisations", params(OrganisationFilter),
    responses((status = 200, description = "A page of organisations", body = inline(pagination::Page<Organisation>))))]
#[get("/v1/tenants/{tenant}/organisations")]
pub async fn list_organisations(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<OrganisationFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let filter = filter.into_inner();
    rules::validate_filter(&filter)?;
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let rows = db.read(&scope, move |c, tenant| Ok(store::list(c, tenant, &filter, &w)?)).await?;
    Ok(pagination::respond(&req, &window, rows.into_iter().map(Organisation::from).collect(), |o| &o.id))
}

/// Register an organisation. An organisation with the same name in the same
/// country is answered 409 with a link to it, unless `confirm_distinct=true`.
#[utoipa::path(tag = "organisations", params(CreateOptions), request_body = OrganisationInput,
    responses(
        (status = 201, description = "Created", body = Organisation,
            headers(("Location" = String, description = "The new organisation"), ("ETag" = String))),
        (status = 409, description = "Probably already registered, or an identifier is another's (see `existing`)", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/organisations")]
pub async fn create_organisation(
    scope: TenantScope,
    db: web::Data<Db>,
    options: web::Query<CreateOptions>,
    body: web::Json<OrganisationInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let confirmed = options.confirm_distinct.unwrap_or(false);
    let created = db
        .write(&scope, move |c, actor| {
            let row = rules::to_row(&input, stamp::Stamp::new(actor));
            if !confirmed {
                if let Some(existing) = store::find_same(c, &actor.tenant, &row.name_key, &row.country)? {
                    return Err(duplicate(&actor.tenant, &existing.id));
                }
            }
            links::check(c, &row)?;
            let keys = claim_identifiers(c, &row)?;
            store::insert(c, &row)?;
            identifiers::replace(c, &actor.tenant, &row.id, &keys)?;
            let org = Organisation::from(row);
            audit::record_created(c, actor, ("organisation", &org.id), &org)?;
            Ok(org)
        })
        .await?;
    Ok(etag::created(&location(scope.id(), &created.id), &created, created.version))
}

/// Read one organisation (with its ETag).
#[utoipa::path(tag = "organisations", params(Id),
    responses(
        (status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String))),
        (status = 301, description = "Merged into another organisation: `Location` names the survivor",
            headers(("Location" = String))),
    ))]
#[get("/v1/tenants/{tenant}/organisations/{id}")]
pub async fn get_organisation(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let id = path.into_inner().id;
    let row = db.read(&scope, move |c, tenant| Ok(store::find(c, tenant, &id)?)).await?.ok_or_else(not_found)?;
    if let Some(survivor) = &row.merged_into {
        let to = location(scope.id(), survivor);
        return Ok(HttpResponse::MovedPermanently().insert_header((actix_web::http::header::LOCATION, to)).finish());
    }
    let version = row.version;
    Ok(etag::ok(&Organisation::from(row), version))
}

/// Replace an organisation's details (not its status). Requires `If-Match`.
#[utoipa::path(tag = "organisations",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = OrganisationInput,
    responses(
        (status = 200, description = "Updated", body = Organisation, headers(("ETag" = String))),
        (status = 409, description = "Same name and country, or an identifier, as another organisation", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/organisations/{id}")]
pub async fn replace_organisation(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<OrganisationInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let id = path.into_inner().id;
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            let row = OrganisationRow {
                status: current.status.clone(),
                archived_at: current.archived_at,
                merged_into: current.merged_into.clone(),
                ..rules::to_row(&input, current.stamp().next(actor))
            };
            if row.name_key != current.name_key || row.country != current.country {
                let same = store::find_same(c, &actor.tenant, &row.name_key, &row.country)?;
                if let Some(other) = same.filter(|o| o.id != id) {
                    return Err(duplicate(&actor.tenant, &other.id));
                }
            }
            links::check(c, &row)?;
            let keys = claim_identifiers(c, &row)?;
            let saved = save(c, actor, if_match, "update", &current, row)?;
            identifiers::replace(c, &actor.tenant, &id, &keys)?;
            Ok(saved)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}

/// Writes the next version of an organisation and its audit event.
fn save(
    c: &mut AnyConnection,
    actor: &Actor,
    if_match: IfMatch,
    action: &str,
    current: &OrganisationRow,
    row: OrganisationRow,
) -> Result<Organisation, ApiError> {
    let (before, after) = (Organisation::from(current), Organisation::from(&row));
    let rev = Revision {
        action,
        entity: "organisation",
        id: &row.id,
        version: current.version,
        before: &before,
        after: &after,
    };
    stamp::replace(c, actor, if_match, rev, |c| store::replace(c, &row, current.version))?;
    Ok(after)
}

/// Move an organisation through its lifecycle. Requires `If-Match`.
#[utoipa::path(tag = "organisations",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "Status changed", body = Organisation, headers(("ETag" = String))),
    ))]
#[post("/v1/tenants/{tenant}/organisations/{id}/status")]
pub async fn change_organisation_status(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<StatusChange>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (id, to) = (path.into_inner().id, body.status);
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
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
            let row = next_version(&current, actor, |row| row.status = code_of(&to));
            save(c, actor, if_match, "status", &current, row)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}

/// `current` with `change` applied, stamped as its next version by `actor`.
fn next_version(
    current: &OrganisationRow,
    actor: &Actor,
    change: impl FnOnce(&mut OrganisationRow),
) -> OrganisationRow {
    let next = current.stamp().next(actor);
    let mut row = OrganisationRow {
        version: next.version,
        updated_at: next.updated_at,
        updated_by: next.updated_by,
        ..current.clone()
    };
    change(&mut row);
    row
}

/// Remove an organisation: deleted when nothing refers to it, archived otherwise
/// (answered 200 with the archived record).
#[utoipa::path(tag = "organisations", params(Id),
    responses(
        (status = 200, description = "Archived, because partnerships, people, branches or members refer to it", body = Organisation),
        (status = 204, description = "Deleted"),
    ))]
#[delete("/v1/tenants/{tenant}/organisations/{id}")]
pub async fn delete_organisation(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ADMINS)?;
    let id = path.into_inner().id;
    let archived = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if !store::is_referenced(c, &actor.tenant, &id)? {
                store::delete(c, &actor.tenant, &id)?;
                audit::record(c, actor, "delete", ("organisation", &id), json!(Organisation::from(&current)))?;
                return Ok(None);
            }
            let row = next_version(&current, actor, |row| row.archived_at = row.archived_at.or(Some(row.updated_at)));
            save(c, actor, IfMatch::Any, "archive", &current, row).map(Some)
        })
        .await?;
    Ok(match archived {
        Some(org) => etag::ok(&org, org.version),
        None => HttpResponse::NoContent().finish(),
    })
}

/// Likely duplicates: organisations sharing a normalised name and a country.
#[utoipa::path(tag = "organisations",
    responses((status = 200, description = "Groups of likely duplicates", body = Vec<DuplicateGroup>)))]
#[get("/v1/tenants/{tenant}/organisations/duplicates")]
pub async fn list_duplicate_organisations(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let groups = db
        .read(&scope, move |c, tenant| {
            let mut groups = Vec::new();
            for (name_key, country) in store::duplicate_keys(c, tenant)? {
                let rows = store::with_key(c, tenant, &name_key, &country)?;
                let organisations = rows.into_iter().map(Organisation::from).collect();
                groups.push(DuplicateGroup { name_key, country, organisations });
            }
            Ok(groups)
        })
        .await?;
    Ok(HttpResponse::Ok().json(groups))
}
