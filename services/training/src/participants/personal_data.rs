//! A person's data on request (GDPR access and erasure), per person rather than
//! per enrolment: the participant named in the path and every other enrolment of
//! the same person in the tenant (same email or phone, or linked by hand; see
//! `person`), across trainings.
//!
//! Erasure removes every place that names them: the enrolments' name, email and
//! phone; the name printed on their certificates and the reason given for revoking
//! one; what the audit trail wrote about those enrolments and certificates; and
//! the answers kept for retries of the requests that created or changed them.
//! What stays is anonymous: each enrolment's sex, mode, status, organisation kind
//! and country, attendance marks and certificate codes (so counts and a printed
//! certificate's check still answer, without a name).

use super::types::*;
use super::{rules, store};
use crate::attendance::{self, Mark};
use crate::certificates::{store as certificates, types::Certificate};
use crate::roles::PRIVACY_OFFICERS;
use actix_web::{delete, get, web, HttpResponse};
use modal_kit::auth::{Actor, TenantScope};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag::stale;
use modal_kit::http::idempotency;
use modal_kit::{audit, ApiError};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    /// Every enrolment of the person in the tenant.
    pub participants: Vec<Participant>,
    pub attendance: Vec<Mark>,
    pub certificates: Vec<Certificate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Erasure {
    /// The enrolments erased, as they remain.
    pub participants: Vec<Participant>,
    /// How many certificates no longer print a name.
    pub certificates: usize,
}

/// Once erased, a person's data is gone: the route answers 404 like any deleted resource.
fn erased_or_unknown() -> ApiError {
    ApiError::not_found("Données personnelles (effacées ou inconnues)", "Personal data (erased or unknown)")
}

/// The person's enrolments, found from the one in the path (not yet erased).
fn person(c: &mut AnyConnection, tenant: &str, path: &ParticipantPath) -> Result<Vec<ParticipantRow>, ApiError> {
    let row = store::find(c, tenant, &path.id, &path.participant)?
        .filter(|p| p.erased_at.is_none())
        .ok_or_else(erased_or_unknown)?;
    Ok(super::person::enrolments(c, &row)?.into_iter().filter(|p| p.erased_at.is_none()).collect())
}

/// Everything held about a person, as JSON (a data subject's access request).
#[utoipa::path(tag = "participants", params(ParticipantPath),
    responses((status = 200, description = "The person's data", body = PersonalData)))]
#[get("/v1/tenants/{tenant}/trainings/{id}/participants/{participant}/personal-data")]
pub async fn export_personal_data(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<ParticipantPath>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PRIVACY_OFFICERS)?;
    let path = path.into_inner();
    let data = db
        .read(&scope, move |c, tenant| {
            let rows = person(c, tenant, &path)?;
            let (mut marks, mut certs) = (Vec::new(), Vec::new());
            for row in &rows {
                marks.extend(attendance::store::marks_of(c, tenant, &row.id)?);
                certs.extend(certificates::of_participant(c, tenant, &row.id)?.iter().map(Certificate::from));
            }
            Ok(PersonalData {
                participants: rows.into_iter().map(Participant::from).collect(),
                attendance: marks,
                certificates: certs,
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("content-disposition", "attachment; filename=\"personal-data.json\""))
        .json(data))
}

/// Erase a person's data on request, everywhere it is held (see the module).
#[utoipa::path(tag = "participants", params(ParticipantPath),
    responses((status = 200, description = "Erased; what remains", body = Erasure)))]
#[delete("/v1/tenants/{tenant}/trainings/{id}/participants/{participant}/personal-data")]
pub async fn erase_personal_data(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<ParticipantPath>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PRIVACY_OFFICERS)?;
    let path = path.into_inner();
    let erasure = db
        .write(&scope, move |c, actor| {
            let rows = person(c, &actor.tenant, &path)?;
            let mut erasure = Erasure { participants: Vec::new(), certificates: 0 };
            for row in &rows {
                let (erased, certificates) = erase_one(c, actor, row)?;
                erasure.certificates += certificates;
                erasure.participants.push(Participant::from(erased));
            }
            Ok(erasure)
        })
        .await?;
    Ok(HttpResponse::Ok().json(erasure))
}

/// Erases one enrolment and what refers to it: the enrolment as it remains, and
/// the number of its certificates.
fn erase_one(c: &mut AnyConnection, actor: &Actor, row: &ParticipantRow) -> Result<(ParticipantRow, usize), ApiError> {
    let erased = rules::erased(row, actor);
    if store::replace(c, &erased, row.version)? != 1 {
        return Err(stale());
    }
    let certificate_ids = certificates::erase_names(c, &actor.tenant, &row.id)?;
    let mut mentioned = certificate_ids.clone();
    mentioned.push(row.id.clone());
    audit::redact(c, &actor.tenant, &mentioned)?;
    idempotency::redact(c, &actor.tenant, &row.id)?;
    audit::record(c, actor, "erase", ("participant", &row.id), json!({"certificates": certificate_ids.len()}))?;
    Ok((erased, certificate_ids.len()))
}
