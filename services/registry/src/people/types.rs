//! A person of an organisation as sent (`PersonInput`), stored (`PersonRow`) and
//! answered (`Person`).

use crate::schema::people;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The role a person holds in the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    President,
    VicePresident,
    Secretary,
    Treasurer,
    /// The programme's contact in the organisation.
    FocalPoint,
    Member,
    Other,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    #[schema(min_length = 1, max_length = 200, example = "Awa Diop")]
    pub full_name: String,
    pub role: PersonRole,
    /// When they took the role.
    pub started_on: Option<NaiveDate>,
    /// When they left it (null while they hold it).
    pub ended_on: Option<NaiveDate>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    #[schema(max_length = 32)]
    pub whatsapp: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Person {
    pub id: String,
    pub tenant: String,
    pub organisation_id: String,
    pub full_name: String,
    pub role: PersonRole,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<&PersonRow> for Person {
    fn from(row: &PersonRow) -> Person {
        Person {
            id: row.id.clone(),
            tenant: row.tenant_id.clone(),
            organisation_id: row.organisation_id.clone(),
            full_name: row.full_name.clone(),
            role: parse_code(&row.role).unwrap_or(PersonRole::Other),
            started_on: row.started_on,
            ended_on: row.ended_on,
            email: row.email.clone(),
            phone: row.phone.clone(),
            whatsapp: row.whatsapp.clone(),
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = people, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct PersonRow {
    pub tenant_id: String,
    pub id: String,
    pub organisation_id: String,
    pub full_name: String,
    pub role: String,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
}

modal_kit::stamped!(PersonRow);

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    /// Only those who hold their role today (no end date, or one to come).
    pub current: Option<bool>,
    pub role: Option<PersonRole>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}
