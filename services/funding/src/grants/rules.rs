//! The rules of a grant, in plain functions: what a grant may say, and how much
//! of a tranche and of the grant remains to pay.

use super::types::GrantInput;
use crate::applications::types::ApplicationRow;
use modal_kit::i18n::Msg;
use modal_kit::validate::Violations;
use modal_kit::ApiError;

pub const MAX_TRANCHES: usize = 6;

/// A grant is at most what was asked, between two dates, paid in 1 to 6 tranches
/// that add up to it exactly, due in order.
pub fn validate(input: &GrantInput, app: &ApplicationRow) -> Result<i64, ApiError> {
    let amount = input.amount.unwrap_or(app.requested);
    let mut v = Violations::new();
    if amount < 1 || amount > app.requested {
        let cur = app.currency();
        v.add(
            "amount",
            "out_of_range",
            Msg::new(
                format!("De 1 à {} (le montant demandé).", cur.format(app.requested)),
                format!("From 1 to {} (the amount requested).", cur.format(app.requested)),
            ),
        );
    }
    if input.ends_on <= input.starts_on {
        v.add("ends_on", "before_start", Msg::new("La fin suit le début.", "The end comes after the start."));
    }
    if input.tranches.is_empty() || input.tranches.len() > MAX_TRANCHES {
        v.add("tranches", "out_of_range", Msg::new("De 1 à 6 tranches.", "From 1 to 6 tranches."));
    }
    for (i, t) in input.tranches.iter().enumerate() {
        if t.amount < 1 {
            v.add(format!("tranches[{i}].amount"), "out_of_range", Msg::new("Au moins 1.", "At least 1."));
        }
        v.required_text(&format!("tranches[{i}].condition"), &t.condition, 500);
        if i > 0 && t.due_on < input.tranches[i - 1].due_on {
            v.add(
                format!("tranches[{i}].due_on"),
                "out_of_order",
                Msg::new("Les échéances se suivent.", "Due dates come in order."),
            );
        }
    }
    let total = input.tranches.iter().map(|t| t.amount).fold(0_i64, i64::saturating_add);
    if !input.tranches.is_empty() && total != amount {
        v.add(
            "tranches",
            "sum_mismatch",
            Msg::new(
                format!("Les tranches font {total}, la subvention {amount}."),
                format!("The tranches add up to {total}, the grant is {amount}."),
            ),
        );
    }
    v.finish()?;
    Ok(amount)
}

/// What may still be paid on a tranche: the least of what remains of it and of
/// the grant (never below zero).
pub fn remaining(tranche_amount: i64, tranche_paid: i64, grant_amount: i64, grant_paid: i64) -> i64 {
    (tranche_amount - tranche_paid).min(grant_amount - grant_paid).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_remains_is_bounded_by_the_tranche_and_the_grant() {
        assert_eq!(remaining(600, 0, 1000, 0), 600);
        assert_eq!(remaining(600, 200, 1000, 900), 100, "the grant runs out first");
        assert_eq!(remaining(600, 600, 1000, 600), 0);
        assert_eq!(remaining(600, 700, 1000, 700), 0, "never below zero");
    }
}
