//! The period's figures, in plain functions: events (each an amount in a currency
//! on a day) summed per currency and in euros, and applications counted by state,
//! country and applicant kind.

use chrono::NaiveDate;
use modal_kit::money::{Currency, EurRates};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What a figure sums: requested, selected, committed or disbursed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Measure {
    Requested,
    Selected,
    Committed,
    Disbursed,
}

/// An amount that counts towards `measure` on `day`.
pub struct Event {
    pub measure: Measure,
    pub currency: Currency,
    pub amount: i64,
    pub day: NaiveDate,
}

/// The four amounts, in one currency's minor units.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Amounts {
    pub requested: i64,
    pub selected: i64,
    pub committed: i64,
    pub disbursed: i64,
}

impl Amounts {
    fn add(&mut self, measure: Measure, amount: i64) {
        let slot = match measure {
            Measure::Requested => &mut self.requested,
            Measure::Selected => &mut self.selected,
            Measure::Committed => &mut self.committed,
            Measure::Disbursed => &mut self.disbursed,
        };
        *slot = slot.saturating_add(amount);
    }
}

/// The amounts per currency, and in euro cents — each event converted at the rate
/// of its own day. Currencies without a rate for a day are listed, not guessed.
pub struct Totals {
    pub by_currency: BTreeMap<Currency, Amounts>,
    pub eur_cents: Amounts,
    pub missing_rates: Vec<Currency>,
}

/// Sums the events whose day is within `from..=to`.
pub fn totals(events: &[Event], from: NaiveDate, to: NaiveDate, rates: &EurRates) -> Totals {
    let mut t = Totals { by_currency: BTreeMap::new(), eur_cents: Amounts::default(), missing_rates: Vec::new() };
    for e in events.iter().filter(|e| from <= e.day && e.day <= to) {
        t.by_currency.entry(e.currency).or_default().add(e.measure, e.amount);
        match rates.to_eur_cents(e.amount, e.currency, e.day) {
            Some(cents) => t.eur_cents.add(e.measure, cents),
            None if !t.missing_rates.contains(&e.currency) => t.missing_rates.push(e.currency),
            None => {}
        }
    }
    t
}

/// How many applications, first submitted in the period, are in a state now; and
/// how many of them were ever found eligible, and ever selected, whatever came
/// next (a withdrawal after selection still counts as selected).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Count {
    pub status: String,
    pub country: String,
    /// The registry's kind of the applicant (`unknown` if it was never read).
    pub applicant_kind: String,
    pub count: i64,
    pub ever_eligible: i64,
    pub ever_selected: i64,
}

/// One application for [`counts`]: its state now, country, applicant kind, and
/// whether it was ever eligible and ever selected.
pub struct Counted {
    pub key: (String, String, String),
    pub ever_eligible: bool,
    pub ever_selected: bool,
}

pub fn counts(rows: impl Iterator<Item = Counted>) -> Vec<Count> {
    let mut grouped: BTreeMap<(String, String, String), [i64; 3]> = BTreeMap::new();
    for row in rows {
        let n = grouped.entry(row.key).or_default();
        n[0] += 1;
        n[1] += i64::from(row.ever_eligible);
        n[2] += i64::from(row.ever_selected);
    }
    grouped
        .into_iter()
        .map(|((status, country, applicant_kind), [count, ever_eligible, ever_selected])| Count {
            status,
            country,
            applicant_kind,
            count,
            ever_eligible,
            ever_selected,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_application_withdrawn_after_selection_still_counts_as_eligible_and_selected() {
        let row = |status: &str, eligible, selected| Counted {
            key: (status.into(), "SN".into(), "local_association".into()),
            ever_eligible: eligible,
            ever_selected: selected,
        };
        let counts = counts(
            [row("withdrawn", true, true), row("withdrawn", false, false), row("selected", true, true)].into_iter(),
        );
        let withdrawn = counts.iter().find(|c| c.status == "withdrawn").unwrap();
        assert_eq!((withdrawn.count, withdrawn.ever_eligible, withdrawn.ever_selected), (2, 1, 1));
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, d).unwrap()
    }

    #[test]
    fn a_period_sums_what_happened_in_it_each_at_its_days_rate() {
        let rates = EurRates::parse("MAD:2021-01-01:10,MAD:2021-07-01:11").unwrap();
        let events = [
            Event { measure: Measure::Requested, currency: Currency::Xof, amount: 655_957, day: day(3, 1) },
            Event { measure: Measure::Disbursed, currency: Currency::Mad, amount: 1_000, day: day(6, 30) },
            Event { measure: Measure::Disbursed, currency: Currency::Mad, amount: 1_100, day: day(7, 1) },
            Event { measure: Measure::Selected, currency: Currency::Xof, amount: 1, day: day(12, 31) },
        ];
        let t = totals(&events, day(1, 1), day(7, 1), &rates);
        assert_eq!(t.by_currency[&Currency::Xof].requested, 655_957);
        assert_eq!(t.by_currency[&Currency::Xof].selected, 0, "after the period");
        assert_eq!(t.by_currency[&Currency::Mad].disbursed, 2_100);
        // 1 000 EUR + 10,00 MAD at 10 (1 EUR) + 11,00 MAD at 11 (1 EUR).
        assert_eq!(t.eur_cents, Amounts { requested: 100_000, selected: 0, committed: 0, disbursed: 200 });
        let no_mad = totals(&events, day(1, 1), day(7, 1), &EurRates::default());
        assert_eq!(no_mad.missing_rates, vec![Currency::Mad]);
        assert_eq!(no_mad.eur_cents.disbursed, 0);
    }
}
