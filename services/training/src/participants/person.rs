//! One person across trainings. Enrolment needs no account: a person is found
//! from their enrolments — those with the same email (any case) or phone, and
//! those a coordinator linked by hand (same `person_id`) when a person changed
//! address or gave none — followed from one to the next. Their trainings and
//! certificates are listed together, and their personal data is exported and
//! erased as one.

use super::store;
use super::types::{ParticipantPath, ParticipantRow, ParticipantStatus};
use crate::certificates::store as certificates;
use crate::roles::{ORGANISERS, PARTICIPANT_READERS};
use crate::trainings::store as trainings;
use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::text::parse_code;
use modal_kit::{audit, ApiError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// How many steps from one enrolment to the next are followed (a person's
/// trainings are a handful; this bounds a pathological chain).
const MAX_STEPS: usize = 8;

/// Every enrolment of the person `row` is one of (itself included), by id.
pub fn enrolments(c: &mut AnyConnection, row: &ParticipantRow) -> Result<Vec<ParticipantRow>, ApiError> {
    let mut found: BTreeMap<String, ParticipantRow> = BTreeMap::new();
    let mut frontier = vec![row.clone()];
    for _ in 0..MAX_STEPS {
        let mut next = Vec::new();
        for r in frontier.drain(..) {
            let keys: Vec<String> = [Some(r.id.clone()), r.person_id.clone()].into_iter().flatten().collect();
            let mut near = store::of_person(c, &r)?;
            near.extend(store::linked_to(c, &r.tenant_id, &keys)?);
            next.extend(near.into_iter().filter(|n| !found.contains_key(&n.id)));
            found.insert(r.id.clone(), r);
        }
        next.retain(|n| !found.contains_key(&n.id));
        next.dedup_by(|a, b| a.id == b.id);
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(found.into_values().collect())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonTrainings {
    /// The name of their latest enrolment (null once erased).
    pub full_name: Option<String>,
    pub trainings: Vec<PersonTraining>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonTraining {
    pub participant_id: String,
    pub training_id: String,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub status: ParticipantStatus,
    /// The code of their certificate of this training, if one was issued and not revoked.
    pub certificate: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedPerson {
    /// How many enrolments the person now has.
    pub enrolments: usize,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SamePerson {
    /// Another enrolment (any training of the tenant) of the same person.
    pub participant_id: String,
}

fn not_found() -> ApiError {
    ApiError::not_found("Participant", "Participant")
}

/// A person's trainings and certificates, found from one of their enrolments.
#[utoipa::path(tag = "participants", params(ParticipantPath),
    responses((status = 200, description = "The person's trainings", body = PersonTrainings)))]
#[get("/v1/tenants/{tenant}/trainings/{id}/participants/{participant}/person")]
pub async fn get_person_trainings(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<ParticipantPath>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let path = path.into_inner();
    let person = db
        .read(&scope, move |c, tenant| {
            let row = store::find(c, tenant, &path.id, &path.participant)?.ok_or_else(not_found)?;
            let mut list = Vec::new();
            let mut latest: Option<ParticipantRow> = None;
            for e in enrolments(c, &row)? {
                let Some(t) = trainings::find(c, tenant, &e.training_id)? else { continue };
                let certificate = certificates::of_participant(c, tenant, &e.id)?
                    .into_iter()
                    .find(|c| c.revoked_at.is_none())
                    .map(|c| c.code);
                list.push(PersonTraining {
                    participant_id: e.id.clone(),
                    training_id: t.id,
                    title: t.title,
                    start_date: t.start_date,
                    end_date: t.end_date,
                    status: parse_code(&e.status).unwrap_or(ParticipantStatus::Registered),
                    certificate,
                });
                if latest.as_ref().is_none_or(|l| e.created_at > l.created_at) {
                    latest = Some(e);
                }
            }
            list.sort_by(|a, b| (a.start_date, &a.participant_id).cmp(&(b.start_date, &b.participant_id)));
            Ok(PersonTrainings { full_name: latest.and_then(|l| l.full_name), trainings: list })
        })
        .await?;
    Ok(HttpResponse::Ok().json(person))
}

/// Record that another enrolment is the same person (linked by hand: a new email,
/// or none given). Both people's enrolments become one person.
#[utoipa::path(tag = "participants", params(ParticipantPath), request_body = SamePerson,
    responses((status = 200, description = "Linked: the person's enrolments", body = LinkedPerson)))]
#[post("/v1/tenants/{tenant}/trainings/{id}/participants/{participant}/person")]
pub async fn link_same_person(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<ParticipantPath>,
    body: web::Json<SamePerson>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let (path, other) = (path.into_inner(), body.into_inner().participant_id);
    let linked = db
        .write(&scope, move |c, actor| {
            let row = store::find(c, &actor.tenant, &path.id, &path.participant)?.ok_or_else(not_found)?;
            let Some(other) = store::in_tenant(c, &actor.tenant, &other)? else {
                return Err(ApiError::invalid_field(
                    "participant_id",
                    "unknown_participant",
                    "Aucune inscription de ce partenaire n'a cet identifiant.",
                    "No enrolment of this tenant has this id.",
                ));
            };
            let mut group: Vec<String> = enrolments(c, &row)?.into_iter().map(|e| e.id).collect();
            group.extend(enrolments(c, &other)?.into_iter().map(|e| e.id));
            group.sort();
            group.dedup();
            let key = other.person_id.clone().unwrap_or_else(|| other.id.clone());
            store::link(c, &actor.tenant, &group, &key)?;
            audit::record(c, actor, "link_person", ("participant", &row.id), json!({"same_as": other.id}))?;
            Ok(LinkedPerson { enrolments: group.len() })
        })
        .await?;
    Ok(HttpResponse::Ok().json(linked))
}
