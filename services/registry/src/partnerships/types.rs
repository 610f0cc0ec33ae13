//! A partnership: a typed, dated link between a diaspora organisation and a local
//! organisation of the same tenant.

use crate::schema::partnerships;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipKind {
    CoDevelopmentProject,
    Twinning,
    FinancialSupport,
    TechnicalSupport,
    KnowledgeExchange,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipStatus {
    Planned,
    Active,
    Ended,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipInput {
    /// A `diaspora_organisation` of the same tenant.
    pub diaspora_organisation_id: String,
    /// A local organisation (any other kind) of the same tenant.
    pub local_organisation_id: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Partnership {
    pub id: String,
    pub tenant: String,
    pub diaspora_organisation_id: String,
    pub local_organisation_id: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    pub description: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<&PartnershipRow> for Partnership {
    fn from(row: &PartnershipRow) -> Partnership {
        Partnership {
            id: row.id.clone(),
            tenant: row.tenant_id.clone(),
            diaspora_organisation_id: row.diaspora_organisation_id.clone(),
            local_organisation_id: row.local_organisation_id.clone(),
            kind: parse_code(&row.kind).unwrap_or(PartnershipKind::Other),
            status: parse_code(&row.status).unwrap_or(PartnershipStatus::Planned),
            description: row.description.clone(),
            started_on: row.started_on,
            ended_on: row.ended_on,
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = partnerships, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct PartnershipRow {
    pub tenant_id: String,
    pub id: String,
    pub diaspora_organisation_id: String,
    pub local_organisation_id: String,
    pub kind: String,
    pub status: String,
    pub description: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
}

modal_kit::stamped!(PartnershipRow);

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PartnershipFilter {
    /// Partnerships in which this organisation takes part (either side).
    pub organisation_id: Option<String>,
    pub status: Option<PartnershipStatus>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}
