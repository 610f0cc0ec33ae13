//! The committee's arithmetic as plain functions: ranking and the envelope.

use super::store::Candidate;
use crate::applications::status::ApplicationStatus;
use crate::calls::types::CallRow;
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
    pub recommendations: Recommendations,
    /// Minor units of the call's currency.
    pub requested: i64,
    /// Σ `requested` of this one and those ranked above it.
    pub running_total: i64,
    pub within_envelope: bool,
}

/// How many submitted reviews recommend funding, perhaps, or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Recommendations {
    pub fund: usize,
    pub maybe: usize,
    pub do_not_fund: usize,
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

pub fn summary(call: &CallRow, apps: Vec<Candidate>) -> Summary {
    let apps: Vec<(ApplicationStatus, Candidate)> =
        apps.into_iter().map(|a| (parse_code(&a.status).unwrap_or(ApplicationStatus::Draft), a)).collect();
    let committed = apps.iter().filter(|(s, _)| commits(*s)).map(|(_, a)| a.requested).fold(0_i64, i64::saturating_add);
    let mut by_country: BTreeMap<String, CountryTotals> = BTreeMap::new();
    for (status, a) in apps.iter().filter(|(s, _)| *s != ApplicationStatus::Draft) {
        let t = by_country.entry(a.country.clone()).or_default();
        t.applications += 1;
        t.requested = t.requested.saturating_add(a.requested);
        if commits(*status) {
            t.selected = t.selected.saturating_add(a.requested);
        }
    }
    let mut rows: Vec<Ranked> = apps
        .into_iter()
        .filter(|(status, _)| ranked(*status))
        .map(|(status, a)| Ranked {
            rank: 0,
            weighted_score_millis: a.score_millis,
            reviews: a.reviews.max(0) as usize,
            recommendations: Recommendations {
                fund: a.fund.max(0) as usize,
                maybe: a.maybe.max(0) as usize,
                do_not_fund: a.do_not_fund.max(0) as usize,
            },
            application_id: a.id,
            title: a.title,
            applicant_id: a.applicant_id,
            country: a.country,
            status,
            requested: a.requested,
            running_total: 0,
            within_envelope: false,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn call(envelope: i64) -> CallRow {
        crate::calls::rules::to_row(
            &serde_json::from_value(serde_json::json!({
                "title": "Appel", "description": "D", "currency": "XOF",
                "opens_at": "2021-07-01T00:00:00Z", "closes_at": "2021-09-30T00:00:00Z",
                "envelope": envelope, "min_grant": 0, "max_grant": envelope,
                "criteria": [{"key": "relevance", "name": "Pertinence", "weight": 1, "lens": "content"}]
            }))
            .unwrap(),
            modal_kit::stamp::Stamp::new(&modal_kit::auth::Actor { tenant: "diadem".into(), subject: "t".into() }),
        )
    }

    fn app(id: &str, status: &str, requested: i64, score_millis: Option<i64>) -> Candidate {
        let reviews = if score_millis.is_some() { 2 } else { 0 };
        Candidate {
            id: id.into(),
            title: id.into(),
            applicant_id: "o".into(),
            country: "SN".into(),
            status: status.into(),
            requested,
            reviews,
            score_millis,
            fund: reviews,
            maybe: 0,
            do_not_fund: 0,
        }
    }

    #[test]
    fn the_ranking_runs_down_the_scores_against_the_envelope_and_unscored_come_last() {
        let apps = vec![
            app("a", "under_review", 400, Some(3000)),
            app("b", "under_review", 300, Some(4600)),
            app("c", "under_review", 500, None),
            app("d", "draft", 1, None),
            app("e", "selected", 100, Some(2000)),
        ];
        let s = summary(&call(800), apps);
        let order: Vec<(&str, Option<i64>, i64, bool)> = s
            .ranking
            .iter()
            .map(|r| (r.application_id.as_str(), r.weighted_score_millis, r.running_total, r.within_envelope))
            .collect();
        // b 4.6, a 3, e 2, c unscored; the draft is not ranked.
        assert_eq!(
            order,
            [
                ("b", Some(4600), 300, true),
                ("a", Some(3000), 700, true),
                ("e", Some(2000), 800, true),
                ("c", None, 1300, false)
            ]
        );
        assert_eq!(s.ranking[0].recommendations, Recommendations { fund: 2, maybe: 0, do_not_fund: 0 });
        assert_eq!((s.committed, s.remaining), (100, 700));
        assert_eq!((s.by_country["SN"].applications, s.by_country["SN"].selected), (4, 100), "drafts are not counted");
    }
}
