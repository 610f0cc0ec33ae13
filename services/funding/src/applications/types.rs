//! An application as a client sends it, as it is stored and as it is answered.

use super::status::ApplicationStatus;
use crate::schema::applications;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::money::Currency;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetCategory {
    Equipment,
    Supplies,
    Services,
    Staff,
    Travel,
    Training,
    Communication,
    Other,
}

/// A line of the budget: quantity × unit cost, in minor units of the call's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    /// A short key, unique in the application (`l1`), named by reports' expenses.
    #[schema(min_length = 1, max_length = 20, example = "l1")]
    pub key: String,
    pub category: BudgetCategory,
    #[schema(min_length = 1, max_length = 300, example = "Motopompe et tuyaux")]
    pub description: String,
    #[schema(minimum = 1)]
    pub quantity: i64,
    /// In minor units of the call's currency.
    #[schema(minimum = 0)]
    pub unit_cost: i64,
}

/// Money from elsewhere towards the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CofinancingLine {
    #[schema(min_length = 1, max_length = 200, example = "Commune de Thiès")]
    pub source: String,
    /// In minor units of the call's currency.
    #[schema(minimum = 0)]
    pub amount: i64,
    /// Whether it is already committed.
    pub secured: bool,
}

/// What an applicant writes; frozen as a revision when submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationContent {
    /// The applying organisation (a registry local association of the tenant); an
    /// applicant's token names it, and may not name another.
    pub applicant_id: Option<String>,
    /// Its diaspora partner (a registry diaspora organisation of the tenant).
    pub partner_id: String,
    #[schema(min_length = 1, max_length = 200, example = "Maraîchage solidaire à Thiès")]
    pub title: String,
    #[schema(min_length = 1, max_length = 8000)]
    pub summary: String,
    #[schema(min_length = 1, max_length = 200, example = "Thiès")]
    pub place: String,
    /// ISO 3166-1 alpha-2 country of the project.
    #[schema(example = "SN")]
    pub country: String,
    #[schema(minimum = 1, maximum = 60)]
    pub duration_months: i32,
    /// The grant asked for, in minor units of the call's currency.
    #[schema(minimum = 0)]
    pub requested: i64,
    #[serde(default)]
    pub budget: Vec<BudgetLine>,
    #[serde(default)]
    pub cofinancing: Vec<CofinancingLine>,
    /// Answers to the call's own questions.
    #[serde(default = "empty_object")]
    #[schema(value_type = Object)]
    pub answers: Value,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

/// An application as answered.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: String,
    pub tenant: String,
    pub call_id: String,
    pub applicant_id: String,
    pub partner_id: String,
    pub title: String,
    pub summary: String,
    pub place: String,
    pub country: String,
    pub duration_months: i32,
    pub currency: Currency,
    pub requested: i64,
    pub budget: Vec<BudgetLine>,
    /// Σ quantity × unit cost.
    pub budget_total: i64,
    pub cofinancing: Vec<CofinancingLine>,
    pub cofinancing_total: i64,
    #[schema(value_type = Object)]
    pub answers: Value,
    pub status: ApplicationStatus,
    /// The number of the last submitted revision (0 before the first submission).
    pub revision: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = applications, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct ApplicationRow {
    pub tenant_id: String,
    pub id: String,
    pub call_id: String,
    pub applicant_id: String,
    pub partner_id: String,
    /// The applicant's kind in the registry, as last read (for statistics); written
    /// on its own (`store::note_kind`), never by a replace of the row.
    #[diesel(skip_update)]
    pub applicant_kind: Option<String>,
    pub title: String,
    pub summary: String,
    pub place: String,
    pub country: String,
    pub duration_months: i32,
    pub requested: i64,
    pub currency: String,
    pub budget: String,
    pub cofinancing: String,
    pub answers: String,
    pub status: String,
    pub revision: i32,
    pub submitted_at: Option<NaiveDateTime>,
    /// The submitted reviews' tally (`reviews::rules::tally`), kept for the ranking;
    /// written on its own when a review is submitted (`store::record_tally`).
    #[diesel(skip_update)]
    pub reviews_submitted: i32,
    #[diesel(skip_update)]
    pub score_millis: Option<i64>,
    #[diesel(skip_update)]
    pub recommend_fund: i32,
    #[diesel(skip_update)]
    pub recommend_maybe: i32,
    #[diesel(skip_update)]
    pub recommend_do_not_fund: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

modal_kit::stamped!(ApplicationRow);

impl ApplicationRow {
    pub fn status(&self) -> ApplicationStatus {
        parse_code(&self.status).unwrap_or(ApplicationStatus::Draft)
    }

    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::Xof)
    }

    pub fn budget(&self) -> Vec<BudgetLine> {
        serde_json::from_str(&self.budget).unwrap_or_default()
    }

    pub fn cofinancing(&self) -> Vec<CofinancingLine> {
        serde_json::from_str(&self.cofinancing).unwrap_or_default()
    }

    /// What the applicant wrote, as it would be frozen in a revision.
    pub fn content(&self) -> ApplicationContent {
        ApplicationContent {
            applicant_id: Some(self.applicant_id.clone()),
            partner_id: self.partner_id.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            place: self.place.clone(),
            country: self.country.clone(),
            duration_months: self.duration_months,
            requested: self.requested,
            budget: self.budget(),
            cofinancing: self.cofinancing(),
            answers: serde_json::from_str(&self.answers).unwrap_or_else(|_| empty_object()),
        }
    }
}

impl From<&ApplicationRow> for Application {
    fn from(row: &ApplicationRow) -> Application {
        let content = row.content();
        Application {
            id: row.id.clone(),
            tenant: row.tenant_id.clone(),
            call_id: row.call_id.clone(),
            applicant_id: row.applicant_id.clone(),
            partner_id: content.partner_id,
            title: content.title,
            summary: content.summary,
            place: content.place,
            country: content.country,
            duration_months: content.duration_months,
            currency: row.currency(),
            requested: row.requested,
            budget_total: budget_total(&content.budget).unwrap_or(i64::MAX),
            budget: content.budget,
            cofinancing_total: cofinancing_total(&content.cofinancing).unwrap_or(i64::MAX),
            cofinancing: content.cofinancing,
            answers: content.answers,
            status: row.status(),
            revision: row.revision,
            submitted_at: row.submitted_at.map(|t| t.and_utc()),
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApplicationFilter {
    pub call_id: Option<String>,
    pub status: Option<ApplicationStatus>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

/// The sum of quantity × unit cost over the lines; `None` when it overflows.
pub fn budget_total(lines: &[BudgetLine]) -> Option<i64> {
    lines.iter().try_fold(0_i64, |sum, l| l.quantity.checked_mul(l.unit_cost).and_then(|t| sum.checked_add(t)))
}

/// The sum of the co-financing amounts; `None` when it overflows.
pub fn cofinancing_total(lines: &[CofinancingLine]) -> Option<i64> {
    lines.iter().try_fold(0_i64, |sum, l| sum.checked_add(l.amount))
}
