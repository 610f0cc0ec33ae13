//! Application rules as plain functions: what a draft may hold, what a submission
//! must satisfy, and the budget's arithmetic — integers only, overflow refused.

use super::status::ApplicationStatus;
use super::types::*;
use crate::calls::{questions, types::CallRow};
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::code_of;
use modal_kit::validate::Violations;
use modal_kit::ApiError;
use std::collections::BTreeSet;

/// What any draft must respect (lengths, signs, distinct line keys).
pub fn validate_draft(content: &ApplicationContent) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("title", &content.title, 200);
    v.max_len("summary", &content.summary, 8000);
    v.max_len("place", &content.place, 200);
    v.country("country", &content.country);
    v.range("duration_months", content.duration_months.into(), 1, 60);
    if content.requested < 0 {
        v.add("requested", "out_of_range", Msg::new("Montant négatif.", "Negative amount."));
    }
    if content.budget.len() > 100 || content.cofinancing.len() > 20 {
        v.add("budget", "too_many", Msg::new("100 lignes au plus.", "At most 100 lines."));
    }
    let mut keys = BTreeSet::new();
    for (i, l) in content.budget.iter().enumerate() {
        v.required_text(&format!("budget[{i}].key"), &l.key, 20);
        v.required_text(&format!("budget[{i}].description"), &l.description, 300);
        if l.quantity < 1 || l.unit_cost < 0 {
            v.add(
                format!("budget[{i}]"),
                "out_of_range",
                Msg::new("Quantité ≥ 1, coût ≥ 0.", "Quantity ≥ 1, cost ≥ 0."),
            );
        }
        if !keys.insert(l.key.as_str()) {
            v.add(format!("budget[{i}].key"), "duplicate", Msg::new("Clé déjà utilisée.", "Key already used."));
        }
    }
    for (i, l) in content.cofinancing.iter().enumerate() {
        v.required_text(&format!("cofinancing[{i}].source"), &l.source, 200);
        if l.amount < 0 {
            v.add(format!("cofinancing[{i}].amount"), "out_of_range", Msg::new("Montant négatif.", "Negative amount."));
        }
    }
    if budget_total(&content.budget).is_none() || cofinancing_total(&content.cofinancing).is_none() {
        v.add("budget", "overflow", Msg::new("Montants trop grands.", "Amounts too large."));
    }
    if !content.answers.is_object() {
        v.add(
            "answers",
            "not_an_object",
            Msg::new("Un objet de réponses est attendu.", "An object of answers is expected."),
        );
    }
    Ok(v.finish()?)
}

/// What a submission must satisfy besides a draft's rules: a summary and place,
/// a grant within the call's bounds, a budget equal to the request plus the
/// co-financing, and the call's questions answered.
pub fn validate_submission(content: &ApplicationContent, call: &CallRow) -> Result<(), ApiError> {
    validate_draft(content)?;
    let mut v = Violations::new();
    v.required_text("summary", &content.summary, 8000);
    v.required_text("place", &content.place, 200);
    if content.requested < call.min_grant || content.requested > call.max_grant {
        let (lo, hi) = (call.currency().format(call.min_grant), call.currency().format(call.max_grant));
        v.add(
            "requested",
            "out_of_range",
            Msg::new(
                format!("Montant attendu entre {lo} et {hi}."),
                format!("Expected an amount between {lo} and {hi}."),
            ),
        );
    }
    if content.budget.is_empty() {
        v.add("budget", "required", Msg::new("Le budget est obligatoire.", "The budget is required."));
    }
    let (budget, cofinancing) = (budget_total(&content.budget), cofinancing_total(&content.cofinancing));
    if let (Some(b), Some(c)) = (budget, cofinancing) {
        if content.requested.checked_add(c) != Some(b) {
            let cur = call.currency();
            v.add(
                "budget",
                "unbalanced",
                Msg::new(
                    format!(
                        "Le budget ({}) doit égaler la demande plus le cofinancement ({}).",
                        cur.format(b),
                        cur.format(content.requested.saturating_add(c))
                    ),
                    format!(
                        "The budget ({}) must equal the request plus the co-financing ({}).",
                        cur.format(b),
                        cur.format(content.requested.saturating_add(c))
                    ),
                ),
            );
        }
    }
    if let Some(schema) = call.questions() {
        v.extend(questions::check_answers(&schema, &content.answers));
    }
    Ok(v.finish()?)
}

/// A new application's row: a draft of `applicant` for `call`.
pub fn new_row(call: &CallRow, applicant: &str, content: &ApplicationContent, stamp: Stamp) -> ApplicationRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    let mut row = ApplicationRow {
        tenant_id,
        id,
        call_id: call.id.clone(),
        applicant_id: applicant.to_string(),
        partner_id: String::new(),
        applicant_kind: None,
        title: String::new(),
        summary: String::new(),
        place: String::new(),
        country: String::new(),
        duration_months: 1,
        requested: 0,
        currency: call.currency.clone(),
        budget: "[]".into(),
        cofinancing: "[]".into(),
        answers: "{}".into(),
        status: code_of(&ApplicationStatus::Draft),
        revision: 0,
        submitted_at: None,
        reviews_submitted: 0,
        score_millis: None,
        recommend_fund: 0,
        recommend_maybe: 0,
        recommend_do_not_fund: 0,
        version,
        created_at,
        created_by,
        updated_at,
        updated_by,
    };
    write_content(&mut row, content);
    row
}

/// Puts what the applicant wrote into the row (the applicant itself never changes).
pub fn write_content(row: &mut ApplicationRow, c: &ApplicationContent) {
    row.partner_id = c.partner_id.trim().to_string();
    row.title = c.title.trim().to_string();
    row.summary = c.summary.trim().to_string();
    row.place = c.place.trim().to_string();
    row.country = c.country.clone();
    row.duration_months = c.duration_months;
    row.requested = c.requested;
    row.budget = serde_json::to_string(&c.budget).unwrap_or_else(|_| "[]".into());
    row.cofinancing = serde_json::to_string(&c.cofinancing).unwrap_or_else(|_| "[]".into());
    row.answers = c.answers.to_string();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: i64, unit_cost: i64) -> BudgetLine {
        BudgetLine { key: "l".into(), category: BudgetCategory::Other, description: "x".into(), quantity, unit_cost }
    }

    #[test]
    fn budget_sums_are_exact_integers_and_overflow_is_caught() {
        assert_eq!(budget_total(&[line(3, 250_000), line(1, 1)]), Some(750_001));
        assert_eq!(budget_total(&[line(i64::MAX, 2)]), None);
        assert_eq!(budget_total(&[line(1, i64::MAX), line(1, 1)]), None);
        assert_eq!(budget_total(&[]), Some(0));
    }
}
