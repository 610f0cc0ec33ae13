//! Review rules as plain functions: who may be assigned, what a complete review
//! is, and the weighted score.

use super::types::*;
use crate::applications::types::ApplicationRow;
use crate::calls::types::{Criterion, Lens};
use modal_kit::i18n::Msg;
use modal_kit::validate::Violations;
use modal_kit::ApiError;
use std::collections::BTreeMap;

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
pub fn weighted_score_millis(criteria: &[Criterion], scores: &[Score]) -> Option<i64> {
    let mut per: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for s in scores {
        let e = per.entry(s.criterion.as_str()).or_default();
        *e = (e.0 + i64::from(s.score), e.1 + 1);
    }
    let (mut sum, mut weights) = (0_i64, 0_i64);
    for c in criteria {
        let (total, count) = per.get(c.key.as_str()).copied()?;
        // weight × mean × 1000, the mean as total / count.
        sum += i64::from(c.weight) * total * 1000 / count;
        weights += i64::from(c.weight);
    }
    (weights > 0).then(|| sum / weights)
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
        assert_eq!(weighted_score_millis(&criteria, &scores), Some(3875));
        assert_eq!(weighted_score_millis(&criteria, &scores[..2]), None, "the budget is not scored yet");
    }
}
