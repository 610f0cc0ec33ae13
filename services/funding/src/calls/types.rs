//! A call for projects, as a client sends it, as it is stored and as it is answered.

use crate::schema::calls;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::money::Currency;
use modal_kit::text::{parse_code, split_set};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// draft → open → closed → decided → archived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    Draft,
    Open,
    Closed,
    Decided,
    Archived,
}

/// What a review criterion judges: the project's content, or its finances.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lens {
    Content,
    Financial,
}

/// A weighted evaluation criterion, scored 0 to 5 by the reviewers of its lens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// A short key, unique in the call (`relevance`, `budget_realism`).
    #[schema(min_length = 1, max_length = 40, example = "relevance")]
    pub key: String,
    #[schema(min_length = 1, max_length = 200, example = "Pertinence pour le développement local")]
    pub name: String,
    /// Its weight among the call's criteria (1 to 100).
    #[schema(minimum = 1, maximum = 100)]
    pub weight: i32,
    pub lens: Lens,
}

/// The automatic checks run on an application before screening.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRules {
    /// The applicant is in the registry, verified or active (default true).
    #[serde(default = "yes")]
    pub applicant_verified: bool,
    /// An active partnership links the applicant to the named diaspora partner (default true).
    #[serde(default = "yes")]
    pub active_partnership: bool,
    /// At least one of the applicant's people holds a valid training certificate (default false).
    #[serde(default)]
    pub certified_member: bool,
}

fn yes() -> bool {
    true
}

impl Default for EligibilityRules {
    fn default() -> Self {
        EligibilityRules { applicant_verified: true, active_partnership: true, certified_member: false }
    }
}

/// What a client sends to create or replace a call (while it is a draft).
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallInput {
    #[schema(min_length = 1, max_length = 200, example = "Appel à projets restreint MODAL 2021")]
    pub title: String,
    #[schema(max_length = 200)]
    pub title_en: Option<String>,
    #[schema(min_length = 1, max_length = 8000)]
    pub description: String,
    #[schema(max_length = 8000)]
    pub description_en: Option<String>,
    /// When applications may first be submitted (UTC instant).
    pub opens_at: DateTime<Utc>,
    /// When submissions end (UTC instant).
    pub closes_at: DateTime<Utc>,
    pub currency: Currency,
    /// The call's total, in minor units of its currency.
    #[schema(minimum = 1)]
    pub envelope: i64,
    /// Smallest grant, in minor units.
    #[schema(minimum = 0)]
    pub min_grant: i64,
    /// Largest grant, in minor units.
    #[schema(minimum = 1)]
    pub max_grant: i64,
    #[serde(default)]
    pub eligibility: EligibilityRules,
    pub criteria: Vec<Criterion>,
    /// The call's own questions: a JSON Schema in the subset described by `CallQuestions`.
    #[schema(value_type = Option<Object>)]
    pub questions: Option<Value>,
    /// Registry organisations invited to apply; empty: every local association of the tenant.
    #[serde(default)]
    pub invited: Vec<String>,
}

/// A call as answered.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Call {
    pub id: String,
    pub tenant: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub opens_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub closes_at: DateTime<Utc>,
    /// The tenant's time zone, in which the window is shown (`Africa/Dakar`…).
    pub time_zone: String,
    /// `opens_at` in the tenant's time zone, e.g. `2021-07-01T09:00:00+00:00`.
    pub opens_at_local: String,
    pub closes_at_local: String,
    pub currency: Currency,
    pub envelope: i64,
    pub min_grant: i64,
    pub max_grant: i64,
    pub eligibility: EligibilityRules,
    pub criteria: Vec<Criterion>,
    #[schema(value_type = Option<Object>)]
    pub questions: Option<Value>,
    pub invited: Vec<String>,
    pub status: CallStatus,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = calls, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct CallRow {
    pub tenant_id: String,
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub currency: String,
    pub envelope: i64,
    pub min_grant: i64,
    pub max_grant: i64,
    pub eligibility: String,
    pub criteria: String,
    pub questions: Option<String>,
    pub invited: String,
    pub status: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

modal_kit::stamped!(CallRow);

impl CallRow {
    pub fn status(&self) -> CallStatus {
        parse_code(&self.status).unwrap_or(CallStatus::Draft)
    }

    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::Xof)
    }

    pub fn criteria(&self) -> Vec<Criterion> {
        serde_json::from_str(&self.criteria).unwrap_or_default()
    }

    pub fn eligibility(&self) -> EligibilityRules {
        serde_json::from_str(&self.eligibility).unwrap_or_default()
    }

    pub fn invited(&self) -> Vec<String> {
        split_set(&self.invited)
    }

    pub fn questions(&self) -> Option<Value> {
        self.questions.as_deref().and_then(|q| serde_json::from_str(q).ok())
    }

    /// The answer, with the window shown in `time_zone` (an IANA name).
    pub fn answer(&self, time_zone: &str) -> Call {
        let local = |at: NaiveDateTime| in_time_zone(at, time_zone);
        Call {
            id: self.id.clone(),
            tenant: self.tenant_id.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            description: self.description.clone(),
            description_en: self.description_en.clone(),
            opens_at: self.opens_at.and_utc(),
            closes_at: self.closes_at.and_utc(),
            time_zone: time_zone.to_string(),
            opens_at_local: local(self.opens_at),
            closes_at_local: local(self.closes_at),
            currency: self.currency(),
            envelope: self.envelope,
            min_grant: self.min_grant,
            max_grant: self.max_grant,
            eligibility: self.eligibility(),
            criteria: self.criteria(),
            questions: self.questions(),
            invited: self.invited(),
            status: self.status(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CallFilter {
    pub status: Option<CallStatus>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallStatusChange {
    pub status: CallStatus,
}

/// A UTC instant as RFC 3339 in the IANA time zone `zone` (UTC if unknown).
pub fn in_time_zone(at: NaiveDateTime, zone: &str) -> String {
    let utc = at.and_utc();
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => utc.with_timezone(&tz).to_rfc3339(),
        Err(_) => utc.to_rfc3339(),
    }
}
