//! A report as sent, stored and answered.

use crate::attachments::types::Attachment;
use crate::schema::reports;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::money::Currency;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Submitted,
    Accepted,
    /// Sent back with comments; the applicant sends a new report.
    Returned,
}

/// An expense, charged to a line of the application's budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Expense {
    /// The budget line's `key`.
    #[schema(example = "l1")]
    pub budget_line: String,
    #[schema(min_length = 1, max_length = 300)]
    pub description: String,
    /// Minor units of the grant's currency.
    #[schema(minimum = 0)]
    pub amount: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// What was done with the tranche.
    #[schema(min_length = 1, max_length = 20000)]
    pub narrative: String,
    pub expenses: Vec<Expense>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportOutcome {
    Accepted,
    Returned,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportReview {
    pub outcome: ReportOutcome,
    /// Required when returned: what to correct.
    #[schema(max_length = 4000)]
    pub comments: Option<String>,
}

/// A budget line against what the report says was spent on it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LineSpending {
    pub budget_line: String,
    pub description: String,
    pub planned: i64,
    pub spent: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Report {
    pub id: String,
    pub grant_id: String,
    pub tranche: i32,
    pub narrative: String,
    pub expenses: Vec<Expense>,
    pub currency: Currency,
    pub spent: i64,
    pub by_budget_line: Vec<LineSpending>,
    pub status: ReportStatus,
    pub comments: Option<String>,
    pub submitted_by: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub reviewed_at: Option<DateTime<Utc>>,
    pub receipts: Vec<Attachment>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = reports, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct ReportRow {
    pub tenant_id: String,
    pub id: String,
    pub grant_id: String,
    pub tranche_id: String,
    pub narrative: String,
    pub expenses: String,
    pub status: String,
    pub comments: Option<String>,
    pub submitted_by: String,
    pub submitted_at: NaiveDateTime,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
}

impl ReportRow {
    pub fn status(&self) -> ReportStatus {
        parse_code(&self.status).unwrap_or(ReportStatus::Submitted)
    }

    pub fn expenses(&self) -> Vec<Expense> {
        serde_json::from_str(&self.expenses).unwrap_or_default()
    }
}
