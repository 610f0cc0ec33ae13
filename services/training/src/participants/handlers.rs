//! HTTP handlers for participants: enrolment (checked against the registry,
//! within the on-site seats) and updates. Each route is declared here once.

use super::types::*;
use super::{rules, store};
use crate::registry::{OrganisationRef, Registry};
use crate::roles::{PARTICIPANT_READERS, STAFF};
use crate::trainings::types::TrainingRow;
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::{audit, ApiError, Code};
use serde::Deserialize;
use utoipa::IntoParams;

pub fn not_found() -> ApiError {
    ApiError::not_found("Participant", "Participant")
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

/// The participants of a training.
#[utoipa::path(tag = "participants", params(Id, PageQuery),
    responses((status = 200, description = "A page of participants", body = inline(pagination::Page<Participant>))))]
#[get("/v1/tenants/{tenant}/trainings/{id}/participants")]
pub async fn list_participants(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let window = Window::new(query.limit, query.after.as_deref())?;
    let (training, w) = (path.into_inner().id, window.clone());
    let rows = db
        .read(&scope, move |c, tenant| {
            trainings::find(c, tenant, &training)?.ok_or_else(no_training)?;
            Ok(store::page(c, tenant, &training, &w)?)
        })
        .await?;
    Ok(pagination::respond(&req, &window, rows.into_iter().map(Participant::from).collect(), |p| &p.id))
}

/// The organisation named by the input, as the registry answers it to the caller.
async fn organisation_of(
    registry: &Registry,
    scope: &TenantScope,
    input: &ParticipantInput,
) -> Result<Option<OrganisationRef>, ApiError> {
    match &input.organisation_id {
        Some(id) => registry.organisation(scope.id(), id, scope.caller.token()).await,
        None => Ok(None),
    }
}

/// Enrol a participant. The organisation is checked in the registry first (422 if
/// the tenant has no such organisation, 503/504 if the registry cannot answer:
/// nothing is written then); on-site seats are counted with the training locked.
#[utoipa::path(tag = "participants", params(Id), request_body = ParticipantInput,
    responses(
        (status = 201, description = "Enrolled", body = Participant, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "No on-site seat left", content_type = "application/problem+json"),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/trainings/{id}/participants")]
pub async fn enrol_participant(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    path: web::Path<Id>,
    body: web::Json<ParticipantInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let input = body.into_inner();
    let organisation = organisation_of(&registry, &scope, &input).await?;
    let training_id = path.into_inner().id;
    let created = db
        .write(&scope, move |c, actor| {
            let training = locked_training(c, &actor.tenant, &training_id)?;
            rules::validate(&input, &training, organisation.as_ref())?;
            let row = rules::to_row(&input, organisation.as_ref(), &training_id, Stamp::new(actor));
            check_seats(c, &training, &row, None)?;
            store::insert(c, &row)?;
            let p = Participant::from(&row);
            audit::record(c, actor, "enrol", ("participant", &row.id), serde_json::json!(p))?;
            Ok(p)
        })
        .await?;
    let location = format!("/v1/tenants/{}/trainings/{}/participants/{}", scope.id(), created.training_id, created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// The training, locked until the transaction ends: seats are counted under it.
fn locked_training(c: &mut AnyConnection, tenant: &str, id: &str) -> Result<TrainingRow, ApiError> {
    if !trainings::lock(c, tenant, id)? {
        return Err(no_training());
    }
    trainings::find(c, tenant, id)?.ok_or_else(no_training)
}

/// 409 when the row would take an on-site seat and none is left.
fn check_seats(
    c: &mut AnyConnection,
    training: &TrainingRow,
    row: &ParticipantRow,
    replacing: Option<&str>,
) -> Result<(), ApiError> {
    let (Some(capacity), true) = (training.capacity_on_site, rules::takes_a_seat(row)) else { return Ok(()) };
    if store::seats_taken(c, &training.tenant_id, &training.id, replacing)? >= i64::from(capacity) {
        return Err(ApiError::new(Code::CONFLICT).with_detail(
            format!("Les {capacity} places sur site sont prises ; inscrivez la personne en ligne."),
            format!("All {capacity} on-site seats are taken; enrol the person online."),
        ));
    }
    Ok(())
}

/// Read one participant.
#[utoipa::path(tag = "participants", params(ParticipantPath),
    responses((status = 200, description = "The participant", body = Participant, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/trainings/{id}/participants/{participant}")]
pub async fn get_participant(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<ParticipantPath>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let ParticipantPath { id: training, participant } = path.into_inner();
    let row = db
        .read(&scope, move |c, tenant| Ok(store::find(c, tenant, &training, &participant)?))
        .await?
        .ok_or_else(not_found)?;
    Ok(etag::ok(&Participant::from(&row), row.version))
}

/// Replace a participant's details and status. Requires `If-Match`.
#[utoipa::path(tag = "participants",
    params(ParticipantPath, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = ParticipantInput,
    responses(
        (status = 200, description = "Updated", body = Participant, headers(("ETag" = String))),
        (status = 409, description = "No on-site seat left, or the person's data was erased", content_type = "application/problem+json"),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/trainings/{id}/participants/{participant}")]
pub async fn replace_participant(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    path: web::Path<ParticipantPath>,
    body: web::Json<ParticipantInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let input = body.into_inner();
    let organisation = organisation_of(&registry, &scope, &input).await?;
    let ParticipantPath { id: training_id, participant: id } = path.into_inner();
    let updated = db
        .write(&scope, move |c, actor| {
            let training = locked_training(c, &actor.tenant, &training_id)?;
            let current = store::find(c, &actor.tenant, &training_id, &id)?.ok_or_else(not_found)?;
            if_match.check(current.version)?;
            if current.erased_at.is_some() {
                return Err(ApiError::new(Code::CONFLICT)
                    .with_detail("Les données de cette personne ont été effacées.", "This person's data was erased."));
            }
            rules::validate(&input, &training, organisation.as_ref())?;
            let row = ParticipantRow {
                person_id: current.person_id.clone(),
                ..rules::to_row(&input, organisation.as_ref(), &training_id, current.stamp().next(actor))
            };
            check_seats(c, &training, &row, Some(&id))?;
            let (before, after) = (Participant::from(&current), Participant::from(&row));
            let rev = Revision {
                action: "update",
                entity: "participant",
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
