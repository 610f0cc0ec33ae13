//! The committee's arithmetic as plain functions: ranking and the envelope.

use crate::applications::status::ApplicationStatus;
use crate::applications::types::ApplicationRow;
use crate::calls::types::{CallRow, Criterion};
use crate::reviews::rules::weighted_score_millis;
use crate::reviews::types::{Recommendation, ReviewRow, Score};
use modal_kit::money::Currency;
use modal_kit::text::parse_code;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One application in the ranking.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Ranked {
    pub rank: usize,
    pub application_id: String,
    pub title: String,
    pub applicant_id: String,
    pub country: String,
    pub status: ApplicationStatus,
    /// The weighted score 0–5, in thousandths (3875 = 3.875); null until every
    /// criterion is scored.
    pub weighted_score_millis: Option<i64>,
    pub reviews: usize,
    /// How many reviewers recommend funding, maybe, not funding.
    pub recommendations: BTreeMap<String, usize>,
    /// Minor units of the call's currency.
    pub requested: i64,
    /// Σ `requested` of this one and those ranked above it.
    pub running_total: i64,
    pub within_envelope: bool,
}

/// Per country of the projects.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct CountryTotals {
    pub applications: usize,
    pub requested: i64,
    pub selected: i64,
}

/// What the committee looks at.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Summary {
    pub call_id: String,
    pub currency: Currency,
    pub envelope: i64,
    /// Σ `requested` of the applications selected (and beyond: contracted, …).
    pub committed: i64,
    pub remaining: i64,
    pub ranking: Vec<Ranked>,
    pub by_country: BTreeMap<String, CountryTotals>,
}

/// Statuses that hold a share of the envelope.
pub fn commits(status: ApplicationStatus) -> bool {
    use ApplicationStatus::*;
    matches!(status, Selected | Contracted | InProgress | Completed | Closed)
}

/// Statuses the committee ranks.
fn ranked(status: ApplicationStatus) -> bool {
    use ApplicationStatus::*;
    matches!(status, UnderReview | Reserve | Rejected) || commits(status)
}

pub fn summary(call: &CallRow, apps: &[ApplicationRow], reviews: &[ReviewRow]) -> Summary {
    let criteria: Vec<Criterion> = call.criteria();
    let mut by_app: BTreeMap<&str, Vec<&ReviewRow>> = BTreeMap::new();
    for r in reviews.iter().filter(|r| r.submitted_at.is_some()) {
        by_app.entry(r.application_id.as_str()).or_default().push(r);
    }
    let mut rows: Vec<Ranked> = apps
        .iter()
        .filter(|a| ranked(a.status()))
        .map(|a| {
            let mine = by_app.get(a.id.as_str()).cloned().unwrap_or_default();
            let scores: Vec<Score> = mine.iter().flat_map(|r| r.scores()).collect();
            let mut recommendations = BTreeMap::new();
            for r in &mine {
                if let Some(rec) = r.recommendation.as_deref().and_then(parse_code::<Recommendation>) {
                    *recommendations.entry(modal_kit::text::code_of(&rec)).or_insert(0) += 1;
                }
            }
            Ranked {
                rank: 0,
                application_id: a.id.clone(),
                title: a.title.clone(),
                applicant_id: a.applicant_id.clone(),
                country: a.country.clone(),
                status: a.status(),
                weighted_score_millis: weighted_score_millis(&criteria, &scores),
                reviews: mine.len(),
                recommendations,
                requested: a.requested,
                running_total: 0,
                within_envelope: false,
            }
        })
        .collect();
    // Highest score first; unscored last; then the earlier id (the earlier application).
    rows.sort_by(|x, y| {
        y.weighted_score_millis
            .unwrap_or(-1)
            .cmp(&x.weighted_score_millis.unwrap_or(-1))
            .then(x.application_id.cmp(&y.application_id))
    });
    let mut running = 0_i64;
    for (i, r) in rows.iter_mut().enumerate() {
        running = running.saturating_add(r.requested);
        (r.rank, r.running_total, r.within_envelope) = (i + 1, running, running <= call.envelope);
    }
    let committed = apps.iter().filter(|a| commits(a.status())).map(|a| a.requested).fold(0_i64, i64::saturating_add);
    let mut by_country: BTreeMap<String, CountryTotals> = BTreeMap::new();
    for a in apps.iter().filter(|a| a.status() != ApplicationStatus::Draft) {
        let t = by_country.entry(a.country.clone()).or_default();
        t.applications += 1;
        t.requested = t.requested.saturating_add(a.requested);
        if commits(a.status()) {
            t.selected = t.selected.saturating_add(a.requested);
        }
    }
    Summary {
        call_id: call.id.clone(),
        currency: call.currency(),
        envelope: call.envelope,
        committed,
        remaining: call.envelope.saturating_sub(committed),
        ranking: rows,
        by_country,
    }
}
