//! A review: an assignment, then scores.

use crate::calls::types::Lens;
use crate::schema::reviews;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    Fund,
    Maybe,
    DoNotFund,
}

/// A reviewer given an application to review through one lens.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The reviewer, as its tokens name it (`sub`).
    #[schema(min_length = 1, max_length = 200)]
    pub reviewer: String,
    /// The registry organisation the reviewer belongs to, if any: it cannot be the
    /// applicant nor its partner.
    pub reviewer_organisation_id: Option<String>,
    pub lens: Lens,
}

/// One criterion's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// The criterion's key in the call.
    pub criterion: String,
    /// 0 (very weak) to 5 (excellent).
    #[schema(minimum = 0, maximum = 5)]
    pub score: i32,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// A reviewer's scores, given once.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// One score for each criterion of the review's lens.
    pub scores: Vec<Score>,
    pub recommendation: Recommendation,
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Review {
    pub id: String,
    pub application_id: String,
    pub reviewer: String,
    pub reviewer_organisation_id: Option<String>,
    pub lens: Lens,
    /// When the reviewer declared no conflict of interest (before that, it sees
    /// nothing of the application).
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub no_conflict_declared_at: Option<DateTime<Utc>>,
    pub scores: Vec<Score>,
    pub recommendation: Option<Recommendation>,
    pub comment: Option<String>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub submitted_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub assigned_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = reviews, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct ReviewRow {
    pub tenant_id: String,
    pub id: String,
    pub application_id: String,
    pub reviewer: String,
    pub reviewer_organisation_id: Option<String>,
    pub lens: String,
    pub no_conflict_declared_at: Option<NaiveDateTime>,
    pub scores: String,
    pub recommendation: Option<String>,
    pub comment: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub assigned_by: String,
    pub assigned_at: NaiveDateTime,
}

impl ReviewRow {
    pub fn lens(&self) -> Lens {
        parse_code(&self.lens).unwrap_or(Lens::Content)
    }

    pub fn scores(&self) -> Vec<Score> {
        serde_json::from_str(&self.scores).unwrap_or_default()
    }
}

impl From<&ReviewRow> for Review {
    fn from(r: &ReviewRow) -> Review {
        Review {
            id: r.id.clone(),
            application_id: r.application_id.clone(),
            reviewer: r.reviewer.clone(),
            reviewer_organisation_id: r.reviewer_organisation_id.clone(),
            lens: r.lens(),
            no_conflict_declared_at: r.no_conflict_declared_at.map(|t| t.and_utc()),
            scores: r.scores(),
            recommendation: r.recommendation.as_deref().and_then(parse_code),
            comment: r.comment.clone(),
            submitted_at: r.submitted_at.map(|t| t.and_utc()),
            assigned_at: r.assigned_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewFilter {
    pub application_id: Option<String>,
}
