//! A person's data on request (access and erasure), per person rather than per
//! record: the record in the path and every other record of the tenant with the
//! same email or phone (the same person in another organisation or role).
//!
//! Erasure deletes those records, and redacts what the audit trail and the kept
//! answers of retried requests wrote about them. Nothing anonymous needs to stay:
//! no figure counts an organisation's people.

use super::store;
use super::types::{Person, PersonRow};
use crate::roles::PRIVACY_OFFICERS;
use actix_web::{delete, get, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::http::{idempotency, Id};
use modal_kit::{audit, ApiError};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    /// Every record of the person in the tenant.
    pub people: Vec<Person>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonErasure {
    /// How many records were erased.
    pub erased: usize,
}

fn person(c: &mut AnyConnection, tenant: &str, id: &str) -> Result<Vec<PersonRow>, ApiError> {
    let row = store::find(c, tenant, id)?.ok_or_else(|| {
        ApiError::not_found("Données personnelles (effacées ou inconnues)", "Personal data (erased or unknown)")
    })?;
    Ok(store::of_person(c, &row)?)
}

/// Everything held about a person, as JSON (a data subject's access request).
#[utoipa::path(tag = "people", params(Id), responses((status = 200, description = "The person's data", body = PersonalData)))]
#[get("/v1/tenants/{tenant}/people/{id}/personal-data")]
pub async fn export_person_data(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PRIVACY_OFFICERS)?;
    let id = path.into_inner().id;
    let rows = db.read(&scope, move |c, tenant| person(c, tenant, &id)).await?;
    let data = PersonalData { people: rows.iter().map(Person::from).collect() };
    Ok(HttpResponse::Ok()
        .insert_header(("content-disposition", "attachment; filename=\"personal-data.json\""))
        .json(data))
}

/// Erase a person's data on request, everywhere it is held (see the module).
#[utoipa::path(tag = "people", params(Id), responses((status = 200, description = "Erased", body = PersonErasure)))]
#[delete("/v1/tenants/{tenant}/people/{id}/personal-data")]
pub async fn erase_person_data(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PRIVACY_OFFICERS)?;
    let id = path.into_inner().id;
    let erasure = db
        .write(&scope, move |c, actor| {
            let rows = person(c, &actor.tenant, &id)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            for row in &rows {
                store::delete(c, &actor.tenant, &row.id)?;
                idempotency::redact(c, &actor.tenant, &row.id)?;
            }
            audit::redact(c, &actor.tenant, &ids)?;
            audit::record(c, actor, "erase", ("person", &id), json!({"records": ids.len()}))?;
            Ok(PersonErasure { erased: ids.len() })
        })
        .await?;
    Ok(HttpResponse::Ok().json(erasure))
}
