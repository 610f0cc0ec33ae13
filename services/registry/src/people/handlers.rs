//! HTTP handlers for the people of an organisation. Each route is declared here
//! once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::organisations::{handlers::not_found as organisation_not_found, store as orgs};
use crate::roles::{ADMINS, EDITORS, PEOPLE_READERS};
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::{audit, ApiError};
use serde_json::json;

pub fn not_found() -> ApiError {
    ApiError::not_found("Personne", "Person")
}

/// The people of an organisation, past and present.
#[utoipa::path(tag = "people", params(Id, PeopleFilter),
    responses((status = 200, description = "A page of the organisation's people", body = inline(pagination::Page<Person>))))]
#[get("/v1/tenants/{tenant}/organisations/{id}/people")]
pub async fn list_people(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    filter: web::Query<PeopleFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PEOPLE_READERS)?;
    let (organisation, filter) = (path.into_inner().id, filter.into_inner());
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let (w, today) = (window.clone(), scope.tenant.today());
    let rows = db
        .read(&scope, move |c, tenant| {
            orgs::find(c, tenant, &organisation)?.ok_or_else(organisation_not_found)?;
            Ok(store::of_organisation(c, tenant, &organisation, &filter, today, &w)?)
        })
        .await?;
    Ok(pagination::respond(&req, &window, rows.iter().map(Person::from).collect(), |p| &p.id))
}

/// Add a person to an organisation.
#[utoipa::path(tag = "people", params(Id), request_body = PersonInput,
    responses((status = 201, description = "Added", body = Person, headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/organisations/{id}/people")]
pub async fn add_person(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<PersonInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (organisation, input) = (path.into_inner().id, body.into_inner());
    rules::validate(&input)?;
    let created = db
        .write(&scope, move |c, actor| {
            orgs::find(c, &actor.tenant, &organisation)?.ok_or_else(organisation_not_found)?;
            let row = rules::to_row(&input, &organisation, Stamp::new(actor));
            store::insert(c, &row)?;
            let person = Person::from(&row);
            audit::record_created(c, actor, ("person", &row.id), &person)?;
            Ok(person)
        })
        .await?;
    let location = format!("/v1/tenants/{}/people/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Read one person.
#[utoipa::path(tag = "people", params(Id),
    responses((status = 200, description = "The person", body = Person, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/people/{id}")]
pub async fn get_person(scope: TenantScope, db: web::Data<Db>, path: web::Path<Id>) -> Result<HttpResponse, ApiError> {
    scope.require(PEOPLE_READERS)?;
    let id = path.into_inner().id;
    let row = db.read(&scope, move |c, tenant| Ok(store::find(c, tenant, &id)?)).await?.ok_or_else(not_found)?;
    Ok(etag::ok(&Person::from(&row), row.version))
}

/// Replace a person's record (role, dates, contacts). Requires `If-Match`.
#[utoipa::path(tag = "people",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = PersonInput,
    responses((status = 200, description = "Updated", body = Person, headers(("ETag" = String)))))]
#[put("/v1/tenants/{tenant}/people/{id}")]
pub async fn replace_person(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<PersonInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (input, id) = (body.into_inner(), path.into_inner().id);
    rules::validate(&input)?;
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            let row = rules::to_row(&input, &current.organisation_id, current.stamp().next(actor));
            let (before, after) = (Person::from(&current), Person::from(&row));
            let rev = Revision {
                action: "update",
                entity: "person",
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

/// Remove a person from the organisation (the audit trail keeps the record; to
/// forget them everywhere, erase their personal data instead).
#[utoipa::path(tag = "people", params(Id), responses((status = 204, description = "Removed")))]
#[delete("/v1/tenants/{tenant}/people/{id}")]
pub async fn delete_person(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ADMINS)?;
    let id = path.into_inner().id;
    db.write(&scope, move |c, actor| {
        let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
        store::delete(c, &actor.tenant, &id)?;
        audit::record(c, actor, "delete", ("person", &id), json!(Person::from(&current)))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
