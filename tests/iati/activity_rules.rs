//! The ruleset's rules on an activity's identifier, language, dates, sectors and
//! countries (see `rules.rs`).

use crate::rules::{at, dates, percentages, sums_to_100, XML_NS};
use chrono::{DateTime, NaiveDate, Utc};
use roxmltree::Node;

/// Identifiers, language, dates, sectors and countries.
pub fn check(a: Node, id: &str, now: DateTime<Utc>, fail: &mut impl FnMut(&str, bool, &str)) {
    let reporting = at(a, "reporting-org").first().and_then(|r| r.attribute("ref")).unwrap_or("");
    fail("1.1.3", id != reporting, "the identifier is the reporting organisation's");
    fail("1.1.21", id.starts_with(&format!("{reporting}-")), "the identifier does not start with the publisher's");
    fail("1.3.13", !id.chars().any(|c| "/&|?".contains(c)), "the identifier has / & | or ?");
    let narratives = a.descendants().filter(|n| n.has_tag_name("narrative"));
    let all_lang = narratives.clone().all(|n| n.attribute((XML_NS, "lang")).is_some());
    fail("4.1.1", a.attribute((XML_NS, "lang")).is_some() || all_lang, "no default language");
    let updated = a.attribute("last-updated-datetime").and_then(|d| DateTime::parse_from_rfc3339(d).ok());
    fail("11.1.1", updated.is_none_or(|d| d <= now), "last-updated-datetime in the future");
    fail("6.11.1", !dates(a, "1").is_empty() || !dates(a, "2").is_empty(), "no planned or actual start");
    let before = |x: &[NaiveDate], y: &[NaiveDate]| x.iter().all(|a| y.iter().all(|b| a < b));
    fail("11.1.2", before(&dates(a, "1"), &dates(a, "3")), "planned start not before planned end");
    fail("11.1.3", before(&dates(a, "2"), &dates(a, "4")), "actual start not before actual end");
    let today = now.date_naive();
    fail("11.1.4", dates(a, "2").iter().all(|d| *d <= today), "actual start in the future");
    fail("11.1.5", dates(a, "4").iter().all(|d| *d <= today), "actual end in the future");
    let (sectors, t_sectors) = (at(a, "sector"), at(a, "transaction/sector"));
    let transactions = at(a, "transaction");
    fail("6.2.2", !sectors.is_empty() || !t_sectors.is_empty(), "no sector");
    fail("6.6.2", sectors.is_empty() || t_sectors.is_empty(), "sectors at both levels");
    let all_have = transactions.iter().all(|t| !at(*t, "sector").is_empty());
    fail("6.7.2", !sectors.is_empty() || all_have, "sectors on some transactions only");
    let vocabulary = |s: &Node| s.attribute("vocabulary").filter(|v| !v.is_empty()).unwrap_or("1").to_string();
    let mut vocabularies: Vec<String> = sectors.iter().map(vocabulary).collect();
    vocabularies.sort();
    vocabularies.dedup();
    for v in vocabularies {
        let group: Vec<Node> = sectors.iter().copied().filter(|s| vocabulary(s) == v).collect();
        let shares = percentages(&group);
        fail(
            "2.1.1",
            group.len() < 2 || shares.is_some(),
            "several sectors of a vocabulary, not all with a percentage",
        );
        fail(
            "2.1.2",
            group.len() < 2 || shares.as_deref().is_none_or(sums_to_100),
            "sector percentages do not sum to 100",
        );
        let single = group.len() != 1 || group[0].attribute("percentage").is_none_or(|p| p.parse() == Ok(100.0));
        fail("2.1.4", single, "a single sector with a percentage other than 100");
        let named = !(v == "98" || v == "99") || group.iter().all(|s| !at(*s, "narrative").is_empty());
        fail("2.2.1", named, "a reporting organisation's sector without narrative");
    }
    let in_range = |p: &str| p.parse::<f64>().is_ok_and(|p| (0.0..=100.0).contains(&p));
    let sector_ranges = sectors.iter().filter_map(|s| s.attribute("percentage")).all(in_range);
    fail("12.3.1", sector_ranges, "a sector percentage outside 0-100");
    let (countries, regions) = (at(a, "recipient-country"), at(a, "recipient-region"));
    let in_transactions = transactions
        .iter()
        .filter(|t| !at(**t, "recipient-country").is_empty() || !at(**t, "recipient-region").is_empty())
        .count();
    let at_activity = !countries.is_empty() || !regions.is_empty();
    fail("3.6.2", !at_activity || in_transactions == 0, "countries or regions at both levels");
    fail("3.7.1", at_activity || in_transactions > 0, "no recipient country or region");
    fail("3.7.2", at_activity || in_transactions == transactions.len(), "countries on some transactions only");
    let shares = percentages(&countries);
    let several = countries.len() > 1 && regions.is_empty();
    fail("3.1.1", !several || shares.is_some(), "several countries, not all with a percentage");
    fail("3.1.2", !several || shares.as_deref().is_none_or(sums_to_100), "country percentages do not sum to 100");
    let one = countries.len() != 1
        || !regions.is_empty()
        || countries[0].attribute("percentage").is_none_or(|p| p.parse() == Ok(100.0));
    fail("3.1.4", one, "a single country with a percentage other than 100");
    let ranges = countries.iter().chain(&regions).filter_map(|c| c.attribute("percentage")).all(in_range);
    fail("12.1.1", ranges, "a country or region percentage outside 0-100");
}
