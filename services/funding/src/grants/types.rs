//! A grant, its tranches, and what has been paid.

use crate::reports::types::ReportStatus;
use crate::schema::{grants, tranches};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::money::Currency;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A tranche as the programme plans it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrancheInput {
    /// Minor units of the call's currency.
    #[schema(minimum = 1)]
    pub amount: i64,
    /// What releases it, e.g. « signature de la convention », « rapport à mi-parcours accepté ».
    #[schema(min_length = 1, max_length = 500)]
    pub condition: String,
    pub due_on: NaiveDate,
}

/// A grant for a selected application.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    /// Minor units; at most the amount requested (default: the amount requested).
    pub amount: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// 1 to 6 tranches whose amounts add up to the grant.
    pub tranches: Vec<TrancheInput>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantStatus {
    /// The agreement waits for one or both signed scans.
    AwaitingSignatures,
    /// Both parties signed: the application is contracted.
    Signed,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Tranche {
    pub number: i32,
    pub amount: i64,
    pub condition: String,
    pub due_on: NaiveDate,
    /// Paid so far on this tranche.
    pub paid: i64,
    pub remaining: i64,
    /// The status of the tranche's latest report, if one was sent.
    pub report: Option<ReportStatus>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Grant {
    pub id: String,
    pub application_id: String,
    pub applicant_id: String,
    pub amount: i64,
    pub currency: Currency,
    pub parties: Parties,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: GrantStatus,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub signed_by_applicant_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub signed_by_programme_at: Option<DateTime<Utc>>,
    pub tranches: Vec<Tranche>,
    pub paid: i64,
    pub remaining: i64,
    pub version: i32,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = grants, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct GrantRow {
    pub tenant_id: String,
    pub id: String,
    pub application_id: String,
    pub amount: i64,
    pub currency: String,
    /// The parties as the registry named them when the grant was made (JSON).
    pub parties: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: String,
    pub signed_by_applicant_at: Option<NaiveDateTime>,
    pub signed_by_programme_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

modal_kit::stamped!(GrantRow);

impl GrantRow {
    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::Xof)
    }

    pub fn parties(&self) -> Parties {
        serde_json::from_str(&self.parties).unwrap_or_default()
    }
}

/// An organisation party to the agreement, as the registry named it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub country: String,
}

/// Who the agreement binds: the programme's partner (the tenant), the applicant
/// and its diaspora partner.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Parties {
    /// The tenant's name (e.g. DIADEM), who pays.
    pub programme: String,
    pub applicant: Party,
    pub partner: Party,
}

/// Who signs: the applicant or the programme (the tenant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Signatory {
    Applicant,
    Programme,
}

/// The `{id}` (grant) and `{party}` of a signature's path.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SignaturePath {
    /// The grant's id.
    pub id: String,
    /// Inline: a parameter's `$ref` would point at a component nothing else registers.
    #[param(inline)]
    pub party: Signatory,
}

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = tranches, check_for_backend(modal_kit::db::MultiBackend))]
pub struct TrancheRow {
    pub tenant_id: String,
    pub id: String,
    pub grant_id: String,
    pub number: i32,
    pub amount: i64,
    pub condition: String,
    pub due_on: NaiveDate,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GrantFilter {
    pub application_id: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The cursor from the previous page's `next` link.
    pub after: Option<String>,
}

/// The `{id}` (grant) and `{number}` (tranche) of a tranche's path.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TranchePath {
    /// The grant's id.
    pub id: String,
    /// The tranche's number, from 1.
    pub number: i32,
}
