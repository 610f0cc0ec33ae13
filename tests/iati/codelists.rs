//! Every code an IATI file writes is one of its codelist's (the copies in
//! `tests/data/iati-2.03/codelists/`), and not a withdrawn one.

use roxmltree::Node;
use std::collections::{BTreeSet, HashMap};

/// The codes of `tests/data/iati-2.03/codelists/{name}.xml` still in use.
pub fn codes(name: &str) -> BTreeSet<String> {
    let path = format!("{}/tests/data/iati-2.03/codelists/{name}.xml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("codelist-item") && n.attribute("status") != Some("withdrawn"))
        .filter_map(|item| item.children().find(|c| c.has_tag_name("code")).and_then(|c| c.text()))
        .map(|code| code.trim().to_string())
        .collect()
}

/// (element, attribute, codelist): where the export writes codes.
const WHERE: &[(&str, &str, &str)] = &[
    ("iati-activity", "default-currency", "Currency"),
    ("value", "currency", "Currency"),
    ("reporting-org", "type", "OrganisationType"),
    ("participating-org", "type", "OrganisationType"),
    ("participating-org", "role", "OrganisationRole"),
    ("provider-org", "type", "OrganisationType"),
    ("receiver-org", "type", "OrganisationType"),
    ("activity-status", "code", "ActivityStatus"),
    ("activity-date", "type", "ActivityDateType"),
    ("recipient-country", "code", "Country"),
    ("transaction-type", "code", "TransactionType"),
    ("related-activity", "type", "RelatedActivityType"),
    ("budget", "type", "BudgetType"),
    ("budget", "status", "BudgetStatus"),
];

/// Each code of `xml` that is not in its codelist, as `element@attribute=code`.
pub fn unknown_codes(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut unknown = Vec::new();
    let mut lists: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut check = |n: Node, attribute: &str, value: &str, list: &str| {
        if !lists.entry(list.to_string()).or_insert_with(|| codes(list)).contains(value) {
            unknown.push(format!("{}@{attribute}={value} ({list})", n.tag_name().name()));
        }
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        for (_, attribute, list) in WHERE.iter().filter(|(element, _, _)| n.has_tag_name(*element)) {
            if let Some(value) = n.attribute(*attribute) {
                check(n, attribute, value, list);
            }
        }
        // DAC 5-digit purpose codes (vocabulary 1, the default).
        if n.has_tag_name("sector") && n.attribute("vocabulary").is_none_or(|v| v == "1") {
            check(n, "code", n.attribute("code").unwrap_or(""), "Sector");
        }
        if let Some(lang) = n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")) {
            check(n, "xml:lang", lang, "Language");
        }
    }
    unknown
}
