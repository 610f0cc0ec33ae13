//! The programme as the parent activity (`hierarchy="1"`), identifier
//! `{publisher}-MODAL`.
//!
//! Decisions:
//! - organisations: the configured funders (role 1) and extending organisations
//!   (role 3), the publisher accountable (role 2), each tenant implementing (role 4);
//! - the start is actual (type 2) once past, planned (type 1) before: an actual date
//!   is never in the future (rule 11.1.4);
//! - the countries are the tenants', shared equally (percentages to the hundredth,
//!   summing to exactly 100, rule 3.1.2; none for a single country, 3.1.4);
//! - budgets only as configured: the programme's own budget is not in any service;
//! - no transactions: the micro-projects report theirs, and repeating them here
//!   would count them twice.

use super::config::{IatiConfig, Org};
use super::elements::{activity, bilingual, participating, reporting_org};
use super::results::results;
use super::xml::Node;
use crate::indicators::report::ProgrammeReport;
use chrono::{DateTime, NaiveDate, Utc};

const TITLE_FR: &str =
    "MODAL – Mobilisation des organisations de la diaspora et des associations locales pour le développement";
const TITLE_EN: &str = "MODAL – Mobilisation of Diaspora Organisations and Local Associations for Development";
const DESCRIPTION_FR: &str =
    "Le programme MODAL mobilise les organisations de la diaspora et les associations locales \
    pour le développement local : identification des organisations et de leurs partenariats, renforcement de leurs \
    capacités par des formations hybrides, et mécanisme pilote de financement de microprojets portés ensemble.";
const DESCRIPTION_EN: &str = "The MODAL programme mobilises diaspora organisations and local associations for local \
    development: identifying the organisations and their partnerships, strengthening their capacities through hybrid \
    trainings, and a pilot mechanism funding micro-projects they carry together.";

/// A tenant as the programme activity names it.
pub struct TenantInfo {
    pub id: String,
    pub name: String,
    pub country: String,
}

pub fn identifier(config: &IatiConfig) -> String {
    format!("{}-MODAL", config.publisher)
}

/// Each country's share in hundredths of a percent, summing to 10 000; the
/// first countries take what the division leaves.
pub fn shares(count: usize) -> Vec<u32> {
    let n = count as u32;
    (0..n).map(|i| 10_000 / n + u32::from(i < 10_000 % n)).collect()
}

fn percent(hundredths: u32) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn countries(tenants: &[TenantInfo]) -> Vec<Node> {
    let mut codes: Vec<&str> = Vec::new();
    for t in tenants {
        if !codes.contains(&t.country.as_str()) {
            codes.push(&t.country);
        }
    }
    let single = codes.len() == 1;
    let shares = shares(codes.len());
    codes
        .iter()
        .zip(shares)
        .map(|(code, share)| {
            Node::new("recipient-country").attr("code", code).attr_opt("percentage", (!single).then(|| percent(share)))
        })
        .collect()
}

fn dates(config: &IatiConfig, today: NaiveDate) -> Vec<Node> {
    let start_type = if config.programme_start <= today { 2 } else { 1 };
    let start = Node::new("activity-date").attr("type", start_type).date(config.programme_start);
    let end = config.programme_end.map(|end| Node::new("activity-date").attr("type", 3).date(end));
    std::iter::once(start).chain(end).collect()
}

fn budgets(config: &IatiConfig) -> Vec<Node> {
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).expect("a calendar day");
    config
        .budgets
        .iter()
        .map(|b| {
            Node::new("budget")
                .attr("type", 1)
                .attr("status", 1)
                .child(Node::new("period-start").date(day(b.year, 1, 1)))
                .child(Node::new("period-end").date(day(b.year, 12, 31)))
                .child(
                    Node::new("value")
                        .attr("currency", &b.currency)
                        .attr("value-date", format!("{}-01-01", b.year))
                        .text(&b.amount),
                )
        })
        .collect()
}

/// The programme activity, its children named by `children` (their identifiers).
pub fn programme_activity(
    config: &IatiConfig,
    tenants: &[TenantInfo],
    report: &ProgrammeReport,
    children: &[String],
    now: DateTime<Utc>,
) -> Node {
    let accountable = Org { reference: Some(config.publisher.clone()), name: config.reporting_org_name.clone() };
    let status = if config.programme_start <= now.date_naive() { 2 } else { 1 };
    activity("EUR", 1, now)
        .child(Node::new("iati-identifier").text(identifier(config)))
        .child(reporting_org(config))
        .child(bilingual("title", TITLE_FR, TITLE_EN))
        .child(bilingual("description", DESCRIPTION_FR, DESCRIPTION_EN).attr("type", 1))
        .children(config.funders.iter().map(|f| participating(1, f, None)))
        .child(participating(2, &accountable, Some(&config.reporting_org_type)))
        .children(config.extending.iter().map(|e| participating(3, e, None)))
        .children(tenants.iter().map(|t| participating(4, &Org { reference: None, name: t.name.clone() }, None)))
        .child(Node::new("activity-status").attr("code", status))
        .children(dates(config, now.date_naive()))
        .children(countries(tenants))
        .child(Node::new("sector").attr("vocabulary", 1).attr("code", &config.sector))
        .children(budgets(config))
        .children(children.iter().map(|id| Node::new("related-activity").attr("ref", id).attr("type", 2)))
        .children(results(&report.total, &report.period))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_exactly_one_hundred_percent() {
        assert_eq!(shares(4), vec![2_500; 4]);
        assert_eq!(shares(3), vec![3_334, 3_333, 3_333]);
        for n in 1..=7 {
            assert_eq!(shares(n).iter().sum::<u32>(), 10_000, "{n} countries");
        }
        assert_eq!(percent(3_334), "33.34");
    }
}
