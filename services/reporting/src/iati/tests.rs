//! The writer as a whole, on made-up data: element order against the schema
//! copied in `tests/data/iati-2.03/`, transactions and their dates, links between
//! the programme and its projects, escaping read back by an XML parser.

use super::config::{IatiConfig, Org};
use super::document::export;
use super::programme::TenantInfo;
use crate::indicators::report::ProgrammeReport;
use crate::indicators::value::{IndicatorValue, Unit};
use crate::periods::ReportPeriod;
use crate::snapshots::projects::{FundedProject, Party, Payment};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn config() -> IatiConfig {
    IatiConfig {
        publisher: "XI-IATI-TEST".into(),
        reporting_org_name: "ADEPT".into(),
        reporting_org_type: "21".into(),
        funders: vec![Org { reference: Some("DE-1".into()), name: "BMZ".into() }],
        extending: vec![],
        sector: "15150".into(),
        programme_start: day("2021-01-01"),
        programme_end: None,
        budgets: vec![],
    }
}

fn now() -> DateTime<Utc> {
    "2021-12-15T10:30:00.123Z".parse().unwrap()
}

fn party(id: &str, name: &str, kind: &str, country: &str) -> Party {
    Party {
        id: id.into(),
        name: name.into(),
        country: country.into(),
        kind: Some(kind.into()),
        registrations: vec![],
        iati_identifier: None,
    }
}

fn project(title: &str) -> FundedProject {
    FundedProject {
        grant_id: "g1".into(),
        title: title.into(),
        summary: "Un périmètre maraîcher pour 40 femmes.".into(),
        country: "SN".into(),
        currency: "XOF".into(),
        amount: 6_559_570,
        committed_on: Some(day("2021-10-04")),
        starts_on: day("2021-09-01"),
        ends_on: day("2022-08-31"),
        grant_status: "signed".into(),
        application_status: "in_progress".into(),
        applicant: party("loc", "Association de Thiès", "local_association", "SN"),
        partner: party("dia", "Thiès France", "diaspora_organisation", "FR"),
        payments: vec![
            Payment { amount: 3_935_742, paid_on: day("2021-10-20") },
            // Recorded ahead of its day: not a disbursement yet.
            Payment { amount: 100, paid_on: day("2022-01-10") },
        ],
        ..FundedProject::default()
    }
}

fn report() -> ProgrammeReport {
    let trained = IndicatorValue {
        code: "persons_trained".into(),
        unit: Unit::Count,
        value: Some(24),
        numerator: 24,
        denominator: None,
        disaggregations: BTreeMap::from([
            ("sex".into(), BTreeMap::from([("female".into(), 14), ("male".into(), 10)])),
            ("mode".into(), BTreeMap::from([("online".into(), 6), ("on_site".into(), 18)])),
        ]),
        source: "training".into(),
        complete: true,
    };
    let never_read = IndicatorValue { code: "calls_opened".into(), value: None, complete: false, ..trained.clone() };
    let period = ReportPeriod { year: 2021, quarter: None };
    ProgrammeReport { period: period.into(), tenants: vec![], total: vec![trained, never_read] }
}

fn file(projects: Vec<FundedProject>) -> String {
    let tenant = TenantInfo { id: "diadem".into(), name: "DIADEM".into(), country: "SN".into() };
    export(&config(), &[(tenant, projects)], &report(), now())
}

/// The names of the `xsd:element`s of the sequence of the schema's top-level
/// element `name`, in order.
fn schema_order(name: &str) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/iati-2.03/iati-activities-schema.xsd");
    let text = std::fs::read_to_string(path).unwrap();
    let xsd = roxmltree::Document::parse(&text).unwrap();
    let element =
        xsd.root_element().children().find(|n| n.has_tag_name("element") && n.attribute("name") == Some(name));
    let sequence = element.unwrap().descendants().find(|n| n.has_tag_name("sequence")).unwrap();
    let children = sequence.children().filter(|n| n.has_tag_name("element"));
    children.map(|n| n.attribute("name").or(n.attribute("ref")).unwrap().to_string()).collect()
}

fn assert_in_schema_order(node: roxmltree::Node, order: &[String]) {
    let positions: Vec<usize> = node
        .children()
        .filter(|c| c.is_element())
        .map(|c| order.iter().position(|o| o == c.tag_name().name()).unwrap_or_else(|| panic!("{:?}", c.tag_name())))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{} out of order: {positions:?}", node.tag_name().name());
}

#[test]
fn activities_and_transactions_follow_the_schemas_order() {
    let xml = file(vec![project("Maraîchage")]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let (activity, transaction) = (schema_order("iati-activity"), schema_order("transaction"));
    assert!(activity.len() > 30 && activity[0] == "iati-identifier", "{activity:?}");
    let activities: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("iati-activity")).collect();
    assert_eq!(activities.len(), 2);
    for a in activities {
        assert_in_schema_order(a, &activity);
        a.children().filter(|n| n.has_tag_name("transaction")).for_each(|t| assert_in_schema_order(t, &transaction));
    }
}

fn transactions(xml: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    fn child<'a, 'i>(t: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
        t.children().find(|c| c.has_tag_name(name)).unwrap()
    }
    doc.descendants()
        .filter(|n| n.has_tag_name("transaction"))
        .map(|t| {
            let value = child(t, "value");
            assert_eq!(value.attribute("value-date"), child(t, "transaction-date").attribute("iso-date"));
            (
                child(t, "transaction-type").attribute("code").unwrap().to_string(),
                child(t, "transaction-date").attribute("iso-date").unwrap().to_string(),
                format!("{} {}", value.text().unwrap(), value.attribute("currency").unwrap()),
            )
        })
        .collect()
}

#[test]
fn a_grant_is_committed_on_its_signature_day_and_disbursed_on_each_payments_day() {
    let t = |code: &str, d: &str, v: &str| (code.to_string(), d.to_string(), v.to_string());
    assert_eq!(
        transactions(&file(vec![project("Maraîchage")])),
        vec![t("2", "2021-10-04", "6559570 XOF"), t("3", "2021-10-20", "3935742 XOF")],
        "the payment dated after today is not reported yet"
    );
    // Not signed by both: no commitment, no actual start, a pipeline activity.
    let unsigned = FundedProject { committed_on: None, payments: vec![], ..project("Maraîchage") };
    let xml = file(vec![unsigned]);
    assert_eq!(transactions(&xml), vec![]);
    assert!(
        xml.contains("<activity-status code=\"1\"/>") && !xml.contains("<activity-date type=\"2\" iso-date=\"2021-09")
    );
}

#[test]
fn no_actual_date_is_after_today() {
    let later = FundedProject {
        starts_on: now().date_naive() + Duration::days(10),
        ends_on: now().date_naive() + Duration::days(200),
        ..project("Plus tard")
    };
    let xml = file(vec![project("Maraîchage"), FundedProject { grant_id: "g2".into(), ..later }]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let today = now().date_naive();
    for date in doc.descendants().filter(|n| n.has_tag_name("activity-date")) {
        let (kind, on) = (date.attribute("type").unwrap(), day(date.attribute("iso-date").unwrap()));
        assert!(!(kind == "2" || kind == "4") || on <= today, "actual date {kind} {on} after {today}");
    }
    // The signature came after the agreement's start: the actual start is the signature.
    assert!(xml.contains("<activity-date type=\"2\" iso-date=\"2021-10-04\"/>"), "{xml}");
    assert!(xml.contains("generated-datetime=\"2021-12-15T10:30:00Z\""));
}

#[test]
fn the_programme_and_its_projects_name_each_other() {
    let xml = file(vec![project("Maraîchage")]);
    assert!(xml.contains("<related-activity ref=\"XI-IATI-TEST-MODAL-diadem-g1\" type=\"2\"/>"), "{xml}");
    assert!(xml.contains("<related-activity ref=\"XI-IATI-TEST-MODAL\" type=\"1\"/>"));
    assert!(xml.contains("<iati-activity last-updated-datetime=\"2021-12-15T10:30:00Z\" xml:lang=\"fr\" default-currency=\"XOF\" hierarchy=\"2\">"));
}

#[test]
fn results_carry_the_total_and_each_category_and_skip_unknown_figures() {
    let xml = file(vec![]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let actuals: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("actual"))
        .map(|a| {
            let dimension = a.children().find(|d| d.has_tag_name("dimension"));
            let category =
                dimension.map(|d| format!("{}={}", d.attribute("name").unwrap(), d.attribute("value").unwrap()));
            (a.attribute("value").unwrap().to_string(), category)
        })
        .collect();
    let want = |v: &str, c: Option<&str>| (v.to_string(), c.map(str::to_string));
    assert_eq!(
        actuals,
        vec![
            want("24", None),
            want("18", Some("mode=on_site")),
            want("6", Some("mode=online")),
            want("14", Some("sex=female")),
            want("10", Some("sex=male")),
        ]
    );
    // `calls_opened` was never read: the indicator is listed, with no period made up.
    let calls = doc
        .descendants()
        .find(|n| n.has_tag_name("indicator") && n.descendants().any(|t| t.text() == Some("Appels à projets ouverts")))
        .expect("the indicator is listed");
    assert!(!calls.children().any(|c| c.has_tag_name("period")));
}

#[test]
fn text_typed_by_users_is_escaped_and_reads_back_as_typed() {
    let typed = "Femmes & <jeunes> \"Kaolack\" l'an\u{1} 2021";
    let xml = file(vec![FundedProject { summary: typed.into(), ..project(typed) }]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed whatever the text");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("narrative") && n.parent().is_some_and(|p| p.has_tag_name("title")))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"Femmes & <jeunes> \"Kaolack\" l'an 2021"), "{titles:?}");
}

#[test]
fn budgets_last_at_most_a_year_and_add_up_to_the_grant() {
    use super::project::budget_periods;
    let one = budget_periods(day("2021-09-01"), day("2022-08-31"), 6_559_570);
    assert_eq!(one, vec![(day("2021-09-01"), day("2022-08-31"), 6_559_570)]);
    let long = budget_periods(day("2021-09-01"), day("2023-09-01"), 1_000_001);
    assert_eq!(long.len(), 3);
    assert_eq!(long.iter().map(|p| p.2).sum::<i64>(), 1_000_001);
    assert!(long.iter().all(|(from, to, _)| from < to && (*to - *from).num_days() < 365));
    assert!(long.windows(2).all(|w| w[0].1 + Duration::days(1) == w[1].0), "consecutive, no gap: {long:?}");
    assert_eq!(long.last().unwrap().1, day("2023-09-01"));
    assert_eq!(budget_periods(day("2021-09-01"), day("2021-09-01"), 5), vec![]);
}
