//! The ruleset's rules on an activity's organisations, money and results (see
//! `rules.rs`).

use crate::rules::{at, day};
use chrono::{DateTime, Utc};
use roxmltree::Node;

/// Organisations: an identifier or a name.
fn organisations(a: Node, fail: &mut impl FnMut(&str, bool, &str)) {
    let named = |o: &Node| o.attribute("ref").is_some_and(|r| !r.is_empty()) || !at(*o, "narrative").is_empty();
    fail("6.10.1", at(a, "participating-org").iter().all(named), "a participating-org without ref or narrative");
    let providers = [at(a, "transaction/provider-org"), at(a, "planned-disbursement/provider-org")].concat();
    fail("6.9.1", providers.iter().all(named), "a provider-org without ref or narrative");
    let receivers = [at(a, "transaction/receiver-org"), at(a, "planned-disbursement/receiver-org")].concat();
    fail("6.9.2", receivers.iter().all(named), "a receiver-org without ref or narrative");
}

/// Budgets: start before end, at most a year; transactions: not in the future;
/// values: a currency, the activity's or their own.
fn money(a: Node, now: DateTime<Utc>, fail: &mut impl FnMut(&str, bool, &str)) {
    for period in [at(a, "budget"), at(a, "planned-disbursement")].concat() {
        let start = at(period, "period-start").first().and_then(|s| day(*s, "iso-date"));
        let end = at(period, "period-end").first().and_then(|e| day(*e, "iso-date"));
        if let (Some(start), Some(end)) = (start, end) {
            fail("8.6.3", start < end, "a budget period that does not start before it ends");
            let budget = period.has_tag_name("budget");
            fail("7.5.3", !budget || (end - start).num_days() <= 365, "a budget period longer than a year");
        }
    }
    let today = now.date_naive();
    let not_after_today =
        |nodes: Vec<Node>, attribute: &str| nodes.iter().all(|n| day(*n, attribute).is_none_or(|d| d <= today));
    fail(
        "11.2.1",
        not_after_today(at(a, "transaction/transaction-date"), "iso-date"),
        "a transaction dated in the future",
    );
    fail(
        "11.2.2",
        not_after_today(at(a, "transaction/value"), "value-date"),
        "a transaction value dated in the future",
    );
    let values = a.descendants().filter(|n| n.has_tag_name("value"));
    let all_currency = values.clone().all(|v| v.attribute("currency").is_some_and(|c| !c.is_empty()));
    fail("7.8.1", a.attribute("default-currency").is_some() || all_currency, "a value without currency");
}

/// Results: periods start before they end; quantitative measures carry values.
fn results(a: Node, fail: &mut impl FnMut(&str, bool, &str)) {
    for indicator in at(a, "result/indicator") {
        let quantitative = matches!(indicator.attribute("measure"), Some("1" | "2" | "3" | "4"));
        let valued = |nodes: Vec<Node>| nodes.iter().all(|n| n.attribute("value").is_some());
        fail("8.8.1", !quantitative || valued(at(indicator, "baseline")), "a baseline without value");
        fail("8.9.1", !quantitative || valued(at(indicator, "period/target")), "a target without value");
        fail("8.10.1", !quantitative || valued(at(indicator, "period/actual")), "an actual without value");
        for period in at(indicator, "period") {
            let start = at(period, "period-start").first().and_then(|s| day(*s, "iso-date"));
            let end = at(period, "period-end").first().and_then(|e| day(*e, "iso-date"));
            fail(
                "8.6.1",
                start.zip(end).is_none_or(|(s, e)| s < e),
                "an indicator period that does not start before it ends",
            );
        }
    }
}

pub fn check(a: Node, now: DateTime<Utc>, fail: &mut impl FnMut(&str, bool, &str)) {
    organisations(a, fail);
    money(a, now, fail);
    results(a, fail);
}
