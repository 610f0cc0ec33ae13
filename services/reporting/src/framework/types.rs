//! Results, their indicators, manual values: requests, stored rows, answers.

use crate::schema::{manual_values, result_indicators, results};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Impact,
    Outcome,
    Output,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    pub level: Level,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    /// The result this one contributes to (an output to an outcome…), of this tenant.
    pub parent_id: Option<String>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = results, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct ResultRow {
    pub tenant_id: String,
    pub id: String,
    pub level: String,
    pub title: String,
    pub parent_id: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}
modal_kit::stamped!(ResultRow);

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ResultAnswer {
    pub id: String,
    pub level: Level,
    pub title: String,
    pub parent_id: Option<String>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<&ResultRow> for ResultAnswer {
    fn from(r: &ResultRow) -> ResultAnswer {
        ResultAnswer {
            id: r.id.clone(),
            level: modal_kit::text::parse_code(&r.level).unwrap_or(Level::Output),
            title: r.title.clone(),
            parent_id: r.parent_id.clone(),
            version: r.version,
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// One of the catalogue's (`GET /v1/indicators`): computed, never typed in.
    Computed,
    /// A number the partner reports per period.
    ManualValue,
    /// A narrative the partner reports per period.
    ManualNarrative,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// A catalogue code (computed), or a code of the partner's own (manual:
    /// lower-case letters, digits and `_`, not one of the catalogue's).
    #[schema(min_length = 1, max_length = 60, example = "persons_trained")]
    pub code: String,
    pub kind: IndicatorKind,
    /// Required for a manual indicator; a computed one takes the catalogue's.
    #[schema(max_length = 300)]
    pub title: Option<String>,
    /// In the indicator's unit (for a percentage, tenths of a percent).
    pub baseline: Option<i64>,
    #[schema(minimum = 2000, maximum = 2100)]
    pub baseline_year: Option<i32>,
    /// Target per period (`2021`, `2021-Q3`), in the indicator's unit.
    #[serde(default)]
    pub targets: BTreeMap<String, i64>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = result_indicators, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct IndicatorRow {
    pub tenant_id: String,
    pub id: String,
    pub result_id: String,
    pub code: String,
    pub kind: String,
    pub title: String,
    pub baseline: Option<i64>,
    pub baseline_year: Option<i32>,
    /// The targets, as JSON (`{"2021": 75}`).
    pub targets: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}
modal_kit::stamped!(IndicatorRow);

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct IndicatorAnswer {
    pub id: String,
    pub result_id: String,
    pub code: String,
    pub kind: IndicatorKind,
    pub title: String,
    pub baseline: Option<i64>,
    pub baseline_year: Option<i32>,
    pub targets: BTreeMap<String, i64>,
    pub version: i32,
}

impl From<&IndicatorRow> for IndicatorAnswer {
    fn from(r: &IndicatorRow) -> IndicatorAnswer {
        IndicatorAnswer {
            id: r.id.clone(),
            result_id: r.result_id.clone(),
            code: r.code.clone(),
            kind: modal_kit::text::parse_code(&r.kind).unwrap_or(IndicatorKind::ManualNarrative),
            title: r.title.clone(),
            baseline: r.baseline,
            baseline_year: r.baseline_year,
            targets: serde_json::from_str(&r.targets).unwrap_or_default(),
            version: r.version,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueStatus {
    Draft,
    Submitted,
    Returned,
    Approved,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueInput {
    /// The value, for a `manual_value` indicator (in its unit).
    pub value: Option<i64>,
    #[schema(max_length = 4000)]
    #[serde(default)]
    pub narrative: String,
    /// `http(s)` links to the evidence (up to 10).
    #[serde(default)]
    pub evidence_urls: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub decision: ReviewDecision,
    /// Required when returned: what to change.
    #[schema(max_length = 2000)]
    pub comments: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approved,
    Returned,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = manual_values, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct ValueRow {
    pub tenant_id: String,
    pub id: String,
    pub indicator_id: String,
    pub period: String,
    pub value: Option<i64>,
    pub narrative: String,
    pub evidence_urls: String,
    pub status: String,
    pub comments: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}
modal_kit::stamped!(ValueRow);

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ValueAnswer {
    pub id: String,
    pub indicator_id: String,
    pub period: String,
    pub value: Option<i64>,
    pub narrative: String,
    pub evidence_urls: Vec<String>,
    pub status: ValueStatus,
    /// The programme's comments when it returned the value.
    pub comments: Option<String>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

impl From<&ValueRow> for ValueAnswer {
    fn from(r: &ValueRow) -> ValueAnswer {
        ValueAnswer {
            id: r.id.clone(),
            indicator_id: r.indicator_id.clone(),
            period: r.period.clone(),
            value: r.value,
            narrative: r.narrative.clone(),
            evidence_urls: modal_kit::text::split_set(&r.evidence_urls),
            status: modal_kit::text::parse_code(&r.status).unwrap_or(ValueStatus::Draft),
            comments: r.comments.clone(),
            version: r.version,
            updated_at: r.updated_at.and_utc(),
            updated_by: r.updated_by.clone(),
        }
    }
}
