//! Review rules as plain functions: who may be assigned, what a complete review
//! is, and the weighted score.

use super::types::*;
use crate::applications::types::ApplicationRow;
use crate::calls::types::{Criterion, Lens};
use modal_kit::i18n::Msg;
use modal_kit::validate::Violations;
use modal_kit::ApiError;

/// A reviewer from the applicant's or its partner's organisation cannot review it.
pub fn check_assignment(a: &Assignment, app: &ApplicationRow) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("reviewer", &a.reviewer, 200);
    if let Some(org) = a.reviewer_organisation_id.as_deref() {
        if org == app.applicant_id || org == app.partner_id {
            v.add(
                "reviewer_organisation_id",
                "conflict_of_interest",
                Msg::new(
                    "Un membre de l'organisation candidate ou de son partenaire ne peut pas évaluer la candidature.",
                    "A member of the applying organisation or of its partner cannot review the application.",
                ),
            );
        }
    }
    Ok(v.finish()?)
}

/// One score 0–5 for each criterion of `lens`, and none for another.
pub fn check_review(input: &ReviewInput, lens: Lens, criteria: &[Criterion]) -> Result<(), ApiError> {
    let mut v = Violations::new();
    let expected: Vec<&str> = criteria.iter().filter(|c| c.lens == lens).map(|c| c.key.as_str()).collect();
    for (i, s) in input.scores.iter().enumerate() {
        v.range(&format!("scores[{i}].score"), s.score.into(), 0, 5);
        v.optional_text(&format!("scores[{i}].comment"), s.comment.as_deref(), 2000);
        if !expected.contains(&s.criterion.as_str()) {
            v.add(
                format!("scores[{i}].criterion"),
                "not_in_lens",
                Msg::new("Critère hors de votre évaluation.", "Criterion outside your review."),
            );
        }
    }
    for key in &expected {
        let n = input.scores.iter().filter(|s| s.criterion == *key).count();
        if n != 1 {
            v.add(
                "scores",
                "one_score_per_criterion",
                Msg::new(format!("Une note pour « {key} »."), format!("One score for '{key}'.")),
            );
        }
    }
    v.optional_text("comment", input.comment.as_deref(), 4000);
    Ok(v.finish()?)
}

/// The weighted score of an application, 0–5, from its submitted reviews: each
/// criterion's mean over the reviews that scored it, weighted by the criterion's
/// weight; `None` until every criterion has a score. Kept in thousandths so that
/// the ranking compares integers.
/// `scores` are (criterion key, score) pairs.
pub fn weighted_score_millis<'a>(
    criteria: &[Criterion],
    scores: impl IntoIterator<Item = (&'a str, i32)>,
) -> Option<i64> {
    // (total, count) per criterion, in the criteria's order: a call has at most 20.
    let mut per = vec![(0_i64, 0_i64); criteria.len()];
    for (criterion, score) in scores {
        if let Some(i) = criteria.iter().position(|c| c.key == criterion) {
            per[i] = (per[i].0 + i64::from(score), per[i].1 + 1);
        }
    }
    let (mut sum, mut weights) = (0_i64, 0_i64);
    for (c, &(total, count)) in criteria.iter().zip(&per) {
        if count == 0 {
            return None;
        }
        // weight × mean × 1000, the mean as total / count.
        sum += i64::from(c.weight) * total * 1000 / count;
        weights += i64::from(c.weight);
    }
    (weights > 0).then(|| sum / weights)
}

/// What an application's submitted reviews add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub reviews: i32,
    pub score_millis: Option<i64>,
    pub fund: i32,
    pub maybe: i32,
    pub do_not_fund: i32,
}

pub fn tally(criteria: &[Criterion], reviews: &[ReviewRow]) -> Tally {
    let submitted: Vec<&ReviewRow> = reviews.iter().filter(|r| r.submitted_at.is_some()).collect();
    let scores: Vec<Score> = submitted.iter().flat_map(|r| r.scores()).collect();
    let mut t = Tally {
        reviews: submitted.len() as i32,
        score_millis: weighted_score_millis(criteria, scores.iter().map(|s| (s.criterion.as_str(), s.score))),
        ..Tally::default()
    };
    for r in &submitted {
        match r.recommendation.as_deref().and_then(modal_kit::text::parse_code::<Recommendation>) {
            Some(Recommendation::Fund) => t.fund += 1,
            Some(Recommendation::Maybe) => t.maybe += 1,
            Some(Recommendation::DoNotFund) => t.do_not_fund += 1,
            None => {}
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crit(key: &str, weight: i32, lens: Lens) -> Criterion {
        Criterion { key: key.into(), name: key.into(), weight, lens }
    }

    fn score(criterion: &str, score: i32) -> Score {
        Score { criterion: criterion.into(), score, comment: None }
    }

    #[test]
    fn the_weighted_score_averages_reviewers_then_weighs_criteria() {
        let criteria = [crit("relevance", 3, Lens::Content), crit("budget", 1, Lens::Financial)];
        // relevance: (4 + 5) / 2 = 4.5; budget: 2 → (3 × 4.5 + 1 × 2) / 4 = 3.875
        let scores = [score("relevance", 4), score("relevance", 5), score("budget", 2)];
        let pairs = |s: &[Score]| s.iter().map(|x| (x.criterion.clone(), x.score)).collect::<Vec<_>>();
        let (all, some) = (pairs(&scores), pairs(&scores[..2]));
        assert_eq!(weighted_score_millis(&criteria, all.iter().map(|(c, n)| (c.as_str(), *n))), Some(3875));
        assert_eq!(
            weighted_score_millis(&criteria, some.iter().map(|(c, n)| (c.as_str(), *n))),
            None,
            "the budget is not scored yet"
        );
    }

    fn review(lens: &str, scores: &str, recommendation: &str, submitted: bool) -> ReviewRow {
        let at = chrono::NaiveDate::from_ymd_opt(2021, 8, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
        ReviewRow {
            tenant_id: "diadem".into(),
            id: format!("{lens}{scores}"),
            application_id: "a".into(),
            reviewer: "r".into(),
            reviewer_organisation_id: None,
            lens: lens.into(),
            no_conflict_declared_at: Some(at),
            scores: scores.into(),
            recommendation: Some(recommendation.into()),
            comment: None,
            submitted_at: submitted.then_some(at),
            assigned_by: "c".into(),
            assigned_at: at,
        }
    }

    #[test]
    fn the_tally_counts_submitted_reviews_only() {
        let criteria = [crit("relevance", 3, Lens::Content), crit("budget", 1, Lens::Financial)];
        let reviews = [
            review("content", r#"[{"criterion":"relevance","score":4,"comment":null}]"#, "fund", true),
            review("content", r#"[{"criterion":"relevance","score":5,"comment":null}]"#, "maybe", true),
            review("financial", r#"[{"criterion":"budget","score":2,"comment":null}]"#, "do_not_fund", true),
            review("financial", r#"[{"criterion":"budget","score":5,"comment":null}]"#, "fund", false),
        ];
        let t = tally(&criteria, &reviews);
        assert_eq!(t, Tally { reviews: 3, score_millis: Some(3875), fund: 1, maybe: 1, do_not_fund: 1 });
        assert_eq!(tally(&criteria, &reviews[..2]).score_millis, None, "the budget is not scored yet");
    }
}
