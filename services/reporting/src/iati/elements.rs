//! Elements both kinds of activity use: narratives, organisations, values.
//!
//! Every activity declares French its default language (`xml:lang="fr"`, rule
//! 4.1.1), so French narratives carry no language and English ones `xml:lang="en"`.

use super::config::{IatiConfig, Org};
use super::xml::Node;
use chrono::NaiveDate;
use modal_kit::money::Currency;

/// A French narrative; an empty text becomes `fallback` (a title or description
/// must have content, rules 4.3.1 and 4.4.1).
pub fn narrative(text: &str, fallback: &str) -> Node {
    let text = if text.trim().is_empty() { fallback } else { text.trim() };
    Node::new("narrative").text(text)
}

pub fn narrative_en(text: &str) -> Node {
    Node::new("narrative").attr("xml:lang", "en").text(text)
}

/// `name` (title, description…) with a French and an English narrative.
pub fn bilingual(name: &'static str, fr: &str, en: &str) -> Node {
    Node::new(name).child(narrative(fr, en)).child(narrative_en(en))
}

pub fn reporting_org(config: &IatiConfig) -> Node {
    Node::new("reporting-org")
        .attr("ref", &config.publisher)
        .attr("type", &config.reporting_org_type)
        .child(narrative(&config.reporting_org_name, &config.publisher))
}

/// A `participating-org` of `role` (1 funding, 2 accountable, 3 extending, 4
/// implementing): its identifier when it has one, always its name (rule 6.10.1).
pub fn participating(role: u8, org: &Org, org_type: Option<&str>) -> Node {
    Node::new("participating-org")
        .attr_opt("ref", org.reference.as_deref())
        .attr_opt("type", org_type)
        .attr("role", role)
        .child(narrative(&org.name, org.reference.as_deref().unwrap_or("?")))
}

/// `amount` minor units of `currency` as IATI writes a value: major units, a
/// decimal point (`6559570` XOF, `1234.50` EUR). A currency not known here is
/// taken to have two minor digits, as most do.
pub fn amount_text(amount: i64, currency: &str) -> String {
    let digits = Currency::parse(currency).map_or(2, |c| c.minor_digits());
    if digits == 0 {
        return amount.to_string();
    }
    let unit = 10_i64.pow(digits);
    let sign = if amount < 0 { "-" } else { "" };
    let (whole, minor) = (amount.abs() / unit, amount.abs() % unit);
    format!("{sign}{whole}.{minor:0width$}", width = digits as usize)
}

/// A `value` element: the currency on every value, not only as the activity's
/// default (rule 7.8.1 either way), and the day its exchange rate is taken.
pub fn value(amount: i64, currency: &str, day: NaiveDate) -> Node {
    Node::new("value")
        .attr("currency", currency)
        .attr("value-date", day.format("%Y-%m-%d"))
        .text(amount_text(amount, currency))
}

/// The activity's opening element, attributes in the schema's terms.
pub fn activity(lang_currency: &str, hierarchy: u8, now: chrono::DateTime<chrono::Utc>) -> Node {
    Node::new("iati-activity")
        .attr("last-updated-datetime", now.format("%Y-%m-%dT%H:%M:%SZ"))
        .attr("xml:lang", "fr")
        .attr("default-currency", lang_currency)
        .attr("hierarchy", hierarchy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_in_major_units_of_their_currency() {
        assert_eq!(amount_text(6_559_570, "XOF"), "6559570");
        assert_eq!(amount_text(123_450, "EUR"), "1234.50");
        assert_eq!(amount_text(5, "MAD"), "0.05");
        assert_eq!(amount_text(-105, "EUR"), "-1.05");
    }

    #[test]
    fn an_empty_narrative_takes_its_fallback() {
        assert_eq!(narrative("  ", "Sans titre").text.as_deref(), Some("Sans titre"));
        assert_eq!(narrative(" Maraîchage ", "x").text.as_deref(), Some("Maraîchage"));
    }
}
