//! A participant: a person enrolled in one training, with the organisation they
//! represent (a registry organisation of the same tenant, or none).

use crate::schema::participants;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
    Other,
    Undisclosed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMode {
    OnSite,
    Online,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    Registered,
    Confirmed,
    Cancelled,
    NoShow,
    PartlyAttended,
    FullyAttended,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    #[schema(min_length = 1, max_length = 200)]
    pub full_name: String,
    pub sex: Sex,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    /// A registry organisation of the same tenant; omit for a person without one.
    pub organisation_id: Option<String>,
    pub mode: AttendanceMode,
    /// Defaults to `registered`.
    pub status: Option<ParticipantStatus>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OrganisationSummary {
    pub id: String,
    pub kind: String,
    pub country: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Participant {
    pub id: String,
    pub tenant: String,
    pub training_id: String,
    /// Null once the person's data was erased.
    pub full_name: Option<String>,
    pub sex: Sex,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Null for a participant who represents no organisation.
    pub organisation: Option<OrganisationSummary>,
    pub mode: AttendanceMode,
    pub status: ParticipantStatus,
    pub erased: bool,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = participants, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct ParticipantRow {
    pub tenant_id: String,
    pub id: String,
    pub training_id: String,
    pub full_name: Option<String>,
    pub sex: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_kind: Option<String>,
    pub organisation_country: Option<String>,
    pub mode: String,
    pub status: String,
    pub erased_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
    /// Shared by enrolments linked by hand as one person (see `person`).
    pub person_id: Option<String>,
}

/// The answer is made from the row, moving its strings (a list answers many).
impl From<ParticipantRow> for Participant {
    fn from(row: ParticipantRow) -> Participant {
        let organisation = match (row.organisation_id, row.organisation_kind, row.organisation_country) {
            (Some(id), Some(kind), Some(country)) => Some(OrganisationSummary { id, kind, country }),
            _ => None,
        };
        Participant {
            sex: parse_code(&row.sex).unwrap_or(Sex::Undisclosed),
            mode: parse_code(&row.mode).unwrap_or(AttendanceMode::OnSite),
            status: parse_code(&row.status).unwrap_or(ParticipantStatus::Registered),
            erased: row.erased_at.is_some(),
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            id: row.id,
            tenant: row.tenant_id,
            training_id: row.training_id,
            full_name: row.full_name,
            email: row.email,
            phone: row.phone,
            organisation,
            version: row.version,
        }
    }
}

impl From<&ParticipantRow> for Participant {
    fn from(row: &ParticipantRow) -> Participant {
        Participant::from(row.clone())
    }
}

modal_kit::stamped!(ParticipantRow);

/// The `{id}` (training) and `{participant}` of a participant's path.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParticipantPath {
    /// The training's id.
    pub id: String,
    /// The participant's id.
    pub participant: String,
}
