//! HTTP handlers for participants: enrolment (checked against the registry),
//! updates, and a person's data export and erasure.

use super::rules::{self, Stamp};
use super::store;
use super::types::*;
use crate::registry::Registry;
use crate::roles::{PARTICIPANT_READERS, PRIVACY_OFFICERS, STAFF};
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::http::header::{ETAG, LOCATION};
use actix_web::{web, HttpRequest, HttpResponse};
use modal_kit::audit::{self, Change};
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag::{etag, stale, IfMatch};
use modal_kit::pagination::{self, Page};
use modal_kit::{ApiError, Code};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

type ThreePath = web::Path<(String, String, String)>;

pub fn not_found() -> ApiError {
    ApiError::not_found("Participant", "Participant")
}

/// Once erased, a person's data is gone: the route answers 404 like any deleted resource.
fn erased_or_unknown() -> ApiError {
    ApiError::not_found("Données personnelles (effacées ou inconnues)", "Personal data (erased or unknown)")
}

fn respond(mut res: actix_web::HttpResponseBuilder, p: &Participant) -> HttpResponse {
    res.insert_header((ETAG, etag(p.version))).json(p)
}

#[derive(Debug, Default, Deserialize, Serialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub after: Option<String>,
}

/// The participants of a training.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/participants", tag = "participants",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"), PageQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of participants", body = inline(Page<Participant>))))]
pub async fn list(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.after.as_deref())?;
    let (tenant, training) = (scope.id().to_string(), path.into_inner().1);
    let rows = db
        .read(scope.id(), move |c| {
            trainings::find(c, &tenant, &training)?.ok_or_else(no_training)?;
            Ok(store::page(c, &tenant, &training, after.as_deref(), limit)?)
        })
        .await?;
    let link_path = req.path().to_string();
    let page = pagination::page(
        rows.into_iter().map(rules::into_response).collect(),
        limit,
        |p: &Participant| p.id.clone(),
        |cursor| pagination::link(&link_path, &PageQuery { limit: query.limit, after: Some(cursor) }),
    );
    Ok(page.respond())
}

/// Enrol a participant. The organisation is checked in the registry first (422 if
/// the tenant has no such organisation, 503/504 if the registry cannot answer:
/// nothing is written then).
#[utoipa::path(post, path = "/v1/tenants/{tenant}/trainings/{id}/participants", tag = "participants",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id")),
    request_body = ParticipantInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Enrolled", body = Participant, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "No on-site seat left", content_type = "application/problem+json"),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
pub async fn enrol(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    path: web::Path<(String, String)>,
    body: web::Json<ParticipantInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let input = body.into_inner();
    let organisation = match &input.organisation_id {
        Some(id) => registry.organisation(scope.id(), id, &scope.caller.token).await?,
        None => None,
    };
    let (tenant, actor, training_id) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1);
    let created = db
        .in_tenant(scope.id(), move |c| {
            let training = trainings::find(c, &tenant, &training_id)?.ok_or_else(no_training)?;
            rules::validate(&input, &training, organisation.as_ref())?;
            let now = audit::now();
            let stamp = Stamp {
                tenant: &tenant,
                training_id: &training_id,
                id: uuid::Uuid::now_v7().to_string(),
                version: 1,
                created_at: now,
                created_by: actor.clone(),
                now,
                actor: &actor,
            };
            let row = rules::to_row(&input, organisation.as_ref(), stamp);
            check_seats(c, &tenant, &training, &row, None)?;
            store::insert(c, &row)?;
            let p = rules::to_response(&row);
            audit::record(
                c,
                &tenant,
                Change { actor: &actor, action: "enrol", entity: "participant", entity_id: &row.id, changes: json!(p) },
            )?;
            Ok(p)
        })
        .await?;
    let location = format!("/v1/tenants/{}/trainings/{}/participants/{}", scope.id(), created.training_id, created.id);
    Ok(respond(HttpResponse::Created().insert_header((LOCATION, location)).take(), &created))
}

fn check_seats(
    c: &mut AnyConnection,
    tenant: &str,
    training: &crate::trainings::types::TrainingRow,
    row: &ParticipantRow,
    replacing: Option<&str>,
) -> Result<(), ApiError> {
    let (Some(capacity), true) = (training.capacity_on_site, rules::takes_a_seat(row)) else { return Ok(()) };
    let taken = store::of_training(c, tenant, &training.id)?
        .iter()
        .filter(|p| Some(p.id.as_str()) != replacing && rules::takes_a_seat(p))
        .count();
    if taken as i64 >= i64::from(capacity) {
        return Err(ApiError::new(Code::Conflict).with_detail(
            format!("Les {capacity} places sur site sont prises ; inscrivez la personne en ligne."),
            format!("All {capacity} on-site seats are taken; enrol the person online."),
        ));
    }
    Ok(())
}

/// Read one participant.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/participants/{participant}", tag = "participants",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("participant" = String, Path, description = "Participant id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The participant", body = Participant, headers(("ETag" = String)))))]
pub async fn get(scope: TenantScope, db: web::Data<Db>, path: ThreePath) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (_, training, id) = path.into_inner();
    let tenant = scope.id().to_string();
    let row =
        db.read(scope.id(), move |c| Ok(store::find(c, &tenant, &training, &id)?)).await?.ok_or_else(not_found)?;
    Ok(respond(HttpResponse::Ok(), &rules::to_response(&row)))
}

/// Replace a participant's details and status. Requires `If-Match`.
#[utoipa::path(put, path = "/v1/tenants/{tenant}/trainings/{id}/participants/{participant}", tag = "participants",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("participant" = String, Path, description = "Participant id"), ("If-Match" = String, Header, description = "The ETag read")),
    request_body = ParticipantInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = Participant, headers(("ETag" = String))),
        (status = 409, description = "No on-site seat left, or the person's data was erased", content_type = "application/problem+json"),
        (status = 412, description = "Stale ETag", content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", content_type = "application/problem+json"),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
pub async fn replace(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    path: ThreePath,
    body: web::Json<ParticipantInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let input = body.into_inner();
    let organisation = match &input.organisation_id {
        Some(id) => registry.organisation(scope.id(), id, &scope.caller.token).await?,
        None => None,
    };
    let (_, training_id, id) = path.into_inner();
    let (tenant, actor) = (scope.id().to_string(), scope.actor().to_string());
    let updated = db
        .in_tenant(scope.id(), move |c| {
            let training = trainings::find(c, &tenant, &training_id)?.ok_or_else(no_training)?;
            let current = store::find(c, &tenant, &training_id, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            if current.erased_at.is_some() {
                return Err(ApiError::new(Code::Conflict)
                    .with_detail("Les données de cette personne ont été effacées.", "This person's data was erased."));
            }
            rules::validate(&input, &training, organisation.as_ref())?;
            let stamp = Stamp {
                tenant: &tenant,
                training_id: &training_id,
                id: id.clone(),
                version: current.version + 1,
                created_at: current.created_at,
                created_by: current.created_by.clone(),
                now: audit::now(),
                actor: &actor,
            };
            let row = rules::to_row(&input, organisation.as_ref(), stamp);
            check_seats(c, &tenant, &training, &row, Some(&id))?;
            if !store::replace(c, &row, current.version)? {
                return Err(stale());
            }
            let after = rules::to_response(&row);
            let change =
                Change { actor: &actor, action: "update", entity: "participant", entity_id: &id, changes: Value::Null };
            audit::record_change(c, &tenant, change, &rules::to_response(&current), &after)?;
            Ok(after)
        })
        .await?;
    Ok(respond(HttpResponse::Ok(), &updated))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    pub participant: Participant,
    pub attendance: Vec<crate::attendance::Mark>,
    pub certificates: Vec<crate::certificates::types::Certificate>,
}

/// Everything held about a person, as JSON (a data subject's access request).
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/participants/{participant}/personal-data", tag = "participants",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("participant" = String, Path, description = "Participant id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The person's data", body = PersonalData)))]
pub async fn export_personal_data(
    scope: TenantScope,
    db: web::Data<Db>,
    path: ThreePath,
) -> Result<HttpResponse, ApiError> {
    scope.require(PRIVACY_OFFICERS)?;
    let (_, training, id) = path.into_inner();
    let tenant = scope.id().to_string();
    let data = db
        .read(scope.id(), move |c| {
            let row = store::find(c, &tenant, &training, &id)?
                .filter(|p| p.erased_at.is_none())
                .ok_or_else(erased_or_unknown)?;
            let attendance = crate::attendance::marks_of(c, &tenant, &id)?;
            let certificates = crate::certificates::store::of_participant(c, &tenant, &id)?;
            Ok(PersonalData {
                participant: rules::to_response(&row),
                attendance,
                certificates: certificates.iter().map(crate::certificates::rules::to_response).collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("content-disposition", "attachment; filename=\"personal-data.json\""))
        .json(data))
}

/// Erase a person's data on request: name and contacts are removed everywhere
/// (participant, certificates, audit trail); anonymous counts remain.
#[utoipa::path(delete, path = "/v1/tenants/{tenant}/trainings/{id}/participants/{participant}/personal-data", tag = "participants",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("participant" = String, Path, description = "Participant id")),
    security(("bearer" = [])),
    responses((status = 200, description = "Erased; what remains", body = Participant)))]
pub async fn erase_personal_data(
    scope: TenantScope,
    db: web::Data<Db>,
    path: ThreePath,
) -> Result<HttpResponse, ApiError> {
    scope.require(PRIVACY_OFFICERS)?;
    let (_, training, id) = path.into_inner();
    let (tenant, actor) = (scope.id().to_string(), scope.actor().to_string());
    let erased = db
        .in_tenant(scope.id(), move |c| {
            let current = store::find(c, &tenant, &training, &id)?
                .filter(|p| p.erased_at.is_none())
                .ok_or_else(erased_or_unknown)?;
            let row = rules::erased(&current, audit::now(), &actor);
            if !store::replace(c, &row, current.version)? {
                return Err(stale());
            }
            store::erase_certificate_names(c, &tenant, &id)?;
            audit::redact(c, &tenant, &id)?;
            audit::record(
                c,
                &tenant,
                Change { actor: &actor, action: "erase", entity: "participant", entity_id: &id, changes: Value::Null },
            )?;
            Ok(rules::to_response(&row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(erased))
}
