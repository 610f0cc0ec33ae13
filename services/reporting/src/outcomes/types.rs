//! An outcome: the request, the stored row, the answer.

use crate::schema::outcomes;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::{parse_code, split_set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A space for dialogue between the diaspora, associations and local authorities.
    SpaceForDialogue,
    /// A network of actors (e.g. a WhatsApp group), with its member count.
    Network,
    /// A new association founded.
    NewAssociation,
    /// A partnership formed outside the programme's own.
    NewPartnership,
    Other,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub kind: OutcomeKind,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[schema(max_length = 4000)]
    #[serde(default)]
    pub description: String,
    /// When it happened (not in the future).
    pub occurred_on: NaiveDate,
    /// A network's members (e.g. the WhatsApp group's).
    #[schema(minimum = 0, maximum = 1000000)]
    pub members: Option<i32>,
    /// Registry organisations of this tenant it involves (up to 50).
    #[serde(default)]
    pub organisation_ids: Vec<String>,
    /// Trainings of this tenant it came from (up to 50).
    #[serde(default)]
    pub training_ids: Vec<String>,
    /// An `http(s)` link to the evidence (minutes, photo, group's page).
    #[schema(max_length = 2000)]
    pub evidence_url: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Outcome {
    pub id: String,
    pub tenant: String,
    pub kind: OutcomeKind,
    pub title: String,
    pub description: String,
    pub occurred_on: NaiveDate,
    pub members: Option<i32>,
    pub organisation_ids: Vec<String>,
    pub training_ids: Vec<String>,
    pub evidence_url: Option<String>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<&OutcomeRow> for Outcome {
    fn from(row: &OutcomeRow) -> Outcome {
        Outcome {
            id: row.id.clone(),
            tenant: row.tenant_id.clone(),
            kind: parse_code(&row.kind).unwrap_or(OutcomeKind::Other),
            title: row.title.clone(),
            description: row.description.clone(),
            occurred_on: row.occurred_on,
            members: row.members,
            organisation_ids: split_set(&row.organisation_ids),
            training_ids: split_set(&row.training_ids),
            evidence_url: row.evidence_url.clone(),
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = outcomes, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct OutcomeRow {
    pub tenant_id: String,
    pub id: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub occurred_on: NaiveDate,
    pub members: Option<i32>,
    pub organisation_ids: String,
    pub training_ids: String,
    pub evidence_url: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

modal_kit::stamped!(OutcomeRow);
