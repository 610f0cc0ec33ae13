//! Submitted revisions: what an application said each time it was submitted,
//! kept whole, and the difference between two of them.

use super::store::RevisionRow;
use super::types::ApplicationContent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Revision {
    pub number: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub submitted_at: DateTime<Utc>,
    /// Who submitted it (the token's `sub`).
    pub submitted_by: String,
    pub content: ApplicationContent,
}

impl From<RevisionRow> for Revision {
    fn from(r: RevisionRow) -> Revision {
        Revision {
            number: r.number,
            submitted_at: r.submitted_at.and_utc(),
            submitted_by: r.submitted_by,
            content: serde_json::from_str(&r.content).unwrap_or_else(|_| empty()),
        }
    }
}

fn empty() -> ApplicationContent {
    ApplicationContent {
        applicant_id: None,
        partner_id: String::new(),
        title: String::new(),
        summary: String::new(),
        place: String::new(),
        country: String::new(),
        duration_months: 0,
        requested: 0,
        budget: Vec::new(),
        cofinancing: Vec::new(),
        answers: Value::Null,
    }
}

#[derive(Clone, Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The earlier revision's number.
    pub from: i32,
    /// The later revision's number.
    pub to: i32,
}

/// The fields that differ between two revisions: `{field: [in from, in to]}`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RevisionDiff {
    pub from: i32,
    pub to: i32,
    #[schema(value_type = Object)]
    pub changes: Value,
}

pub fn diff(from: &Revision, to: &Revision) -> RevisionDiff {
    let json = |r: &Revision| serde_json::to_value(&r.content).unwrap_or(Value::Null);
    RevisionDiff { from: from.number, to: to.number, changes: modal_kit::audit::diff(&json(from), &json(to)) }
}
