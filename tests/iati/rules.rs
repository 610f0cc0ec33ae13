//! IATI's Standard Ruleset 2.03, its error-level rules on activities, in Rust.
//!
//! The ruleset (`tests/data/iati-2.03/ruleset-standard.json`) states its rules as
//! XPath cases for IATI's validator; there is no XPath engine here, so each rule is
//! written out below under its id, and `tests/iati_export.rs` reads the ruleset to
//! fail when it has an error-level rule this file neither checks nor shows to be
//! about an element the export never writes. Dates are strict where the ruleset
//! says "before" (a start on its end day fails); "not in the future" is at most now.

use chrono::{DateTime, NaiveDate, Utc};
use roxmltree::Node;

pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The error-level rules checked here.
pub const CHECKED: &[&str] = &[
    "1.1.3", "2.1.1", "2.1.2", "2.1.4", "2.2.1", "3.1.1", "3.1.2", "3.1.4", "3.6.2", "3.7.1", "3.7.2", "4.1.1",
    "4.3.1", "4.4.1", "6.2.2", "6.6.2", "6.7.2", "6.9.1", "6.9.2", "6.10.1", "6.11.1", "7.5.3", "7.8.1", "8.6.1",
    "8.6.3", "8.8.1", "8.9.1", "8.10.1", "11.1.1", "11.1.2", "11.1.3", "11.1.4", "11.1.5", "11.2.1", "11.2.2",
    "12.1.1", "12.3.1",
];

/// Error-level rules about elements the export never writes: (rule, element).
/// The test checks the element is indeed absent from the export.
pub const NOT_WRITTEN: &[(&str, &str)] = &[
    ("3.4.1", "recipient-region"),
    ("3.4.2", "recipient-region"),
    ("3.4.4", "recipient-region"),
    ("6.8.1", "other-identifier"),
    ("6.13.1", "policy-marker"),
    ("6.14.1", "policy-marker"),
    ("8.11.1", "reference"),
    ("12.2.1", "capital-spend"),
    ("12.2.1", "country-budget-items"),
];

/// Warnings the programme holds itself to: the identifier starts with the
/// publisher's and a hyphen (1.1.21), and has none of `/ & | ?` (1.3.13).
pub const WARNINGS_CHECKED: &[&str] = &["1.1.21", "1.3.13"];

pub fn children<'a, 'i: 'a>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children().filter(move |c| c.has_tag_name(name))
}

/// The nodes at `path` (`transaction/sector`) under `n`.
pub fn at<'a, 'i: 'a>(n: Node<'a, 'i>, path: &str) -> Vec<Node<'a, 'i>> {
    path.split('/').fold(vec![n], |nodes, step| {
        nodes.into_iter().flat_map(|n| n.children().filter(|c| c.has_tag_name(step))).collect()
    })
}

pub fn day(n: Node, attribute: &str) -> Option<NaiveDate> {
    n.attribute(attribute)?.parse().ok()
}

pub fn dates(a: Node, kind: &str) -> Vec<NaiveDate> {
    children(a, "activity-date")
        .filter(|d| d.attribute("type") == Some(kind))
        .filter_map(|d| day(d, "iso-date"))
        .collect()
}

/// Percentages of `nodes`: `None` when one of them has none.
pub fn percentages(nodes: &[Node]) -> Option<Vec<f64>> {
    nodes.iter().map(|n| n.attribute("percentage").and_then(|p| p.parse().ok())).collect()
}

pub fn sums_to_100(values: &[f64]) -> bool {
    (values.iter().sum::<f64>() - 100.0).abs() < 1e-6
}

/// Every violation of the checked rules (and warnings) in `xml`, as `rule [activity]: what`.
pub fn violations(xml: &str, now: DateTime<Utc>) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut out = Vec::new();
    for a in children(doc.root_element(), "iati-activity") {
        let id = at(a, "iati-identifier").first().and_then(|n| n.text()).unwrap_or("").to_string();
        let mut fail = |rule: &str, ok: bool, what: &str| {
            if !ok {
                out.push(format!("{rule} [{id}]: {what}"));
            }
        };
        crate::activity_rules::check(a, &id, now, &mut fail);
        crate::figures_rules::check(a, now, &mut fail);
    }
    for n in doc.descendants().filter(|n| n.has_tag_name("title") || n.has_tag_name("description")) {
        let rule = if n.has_tag_name("title") { "4.3.1" } else { "4.4.1" };
        let content = at(n, "narrative").iter().any(|t| t.text().is_some_and(|t| !t.trim().is_empty()));
        if !content {
            let under = n.parent_element().map_or("", |p| p.tag_name().name());
            out.push(format!("{rule} [{under}]: a {} without narrative content", n.tag_name().name()));
        }
    }
    out
}
