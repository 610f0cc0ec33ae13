//! The programme's results: the logframe's indicators for the period, from the
//! programme report's total (the four tenants summed), grouped under four results.
//!
//! Each indicator carries its catalogue title and definition in French and English;
//! a period with one `actual` for the total and one per category of each
//! disaggregation (`<dimension name="sex" value="female"/>`), as IATI disaggregates.
//! An indicator whose figure is unknown (never read) has no period: no value is
//! made up. Amounts are not results here: the projects' transactions carry them.

use super::elements::{bilingual, narrative, narrative_en};
use super::xml::Node;
use crate::indicators::catalogue::definition;
use crate::indicators::value::{IndicatorValue, Unit};
use crate::periods::PeriodInfo;

/// (ResultType: 1 output, 2 outcome; French title; English title; indicators).
pub const RESULTS: &[(u8, &str, &str, &[&str])] = &[
    (
        1,
        "Organisations de la diaspora et associations locales identifiées",
        "Diaspora organisations and local associations identified",
        &["organisations_identified", "partnerships"],
    ),
    (
        1,
        "Capacités des organisations renforcées par des formations hybrides",
        "Organisations' capacities strengthened through hybrid trainings",
        &[
            "trainings_held",
            "persons_trained",
            "women_trained_share",
            "online_participation_share",
            "certificates_issued",
        ],
    ),
    (
        1,
        "Microprojets sélectionnés par le mécanisme de financement pilote",
        "Micro-projects selected by the pilot funding mechanism",
        &["calls_opened", "applications_received", "applications_eligible", "applications_selected", "selection_rate"],
    ),
    (
        2,
        "Dialogue et réseaux entre la diaspora et les acteurs locaux",
        "Dialogue and networks between the diaspora and local actors",
        &["outcomes_recorded", "network_members"],
    ),
];

/// A figure as IATI writes it: a count, or a percentage with one decimal.
fn figure(unit: Unit, value: i64) -> String {
    match unit {
        Unit::PercentTenths => format!("{}.{}", value / 10, value % 10),
        _ => value.to_string(),
    }
}

fn indicator(v: &IndicatorValue, period: &PeriodInfo) -> Option<Node> {
    let d = definition(&v.code)?;
    let measure = if v.unit == Unit::PercentTenths { 2 } else { 1 };
    let mut node = Node::new("indicator")
        .attr("measure", measure)
        .attr("ascending", 1)
        .child(bilingual("title", d.label_fr, d.label_en))
        .child(bilingual("description", d.counts_fr, d.counts_en));
    if let Some(total) = v.value {
        let mut total_actual = Node::new("actual").attr("value", figure(v.unit, total));
        if !v.complete {
            let comment = Node::new("comment")
                .child(narrative("Chiffre partiel : un partenaire n'a pas encore été lu.", ""))
                .child(narrative_en("Partial figure: a partner has not been read yet."));
            total_actual = total_actual.child(comment);
        }
        let by_category = v.disaggregations.iter().flat_map(|(dimension, categories)| {
            categories.iter().map(move |(category, n)| {
                Node::new("actual")
                    .attr("value", figure(v.unit, *n))
                    .child(Node::new("dimension").attr("name", dimension).attr("value", category))
            })
        });
        node = node.child(
            Node::new("period")
                .child(Node::new("period-start").date(period.from))
                .child(Node::new("period-end").date(period.to))
                .child(total_actual)
                .children(by_category),
        );
    }
    Some(node)
}

/// The results, from the programme's total for `period`.
pub fn results(total: &[IndicatorValue], period: &PeriodInfo) -> Vec<Node> {
    RESULTS
        .iter()
        .map(|(kind, fr, en, codes)| {
            let indicators = codes.iter().filter_map(|code| total.iter().find(|v| v.code == *code));
            Node::new("result")
                .attr("type", kind)
                .child(bilingual("title", fr, en))
                .children(indicators.filter_map(|v| indicator(v, period)))
        })
        .filter(|result| result.all("indicator").next().is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::catalogue::CATALOGUE;

    #[test]
    fn every_indicator_named_is_in_the_catalogue() {
        for (_, _, _, codes) in RESULTS {
            for code in *codes {
                assert!(CATALOGUE.iter().any(|d| d.code == *code), "{code} is not in the catalogue");
            }
        }
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(figure(Unit::PercentTenths, 583), "58.3");
        assert_eq!(figure(Unit::PercentTenths, 1000), "100.0");
        assert_eq!(figure(Unit::Count, 24), "24");
    }
}
