//! What the export says of the publisher and the programme, from the environment
//! (read once at start; a value that would make the file invalid stops the service
//! there, not at the first download). See the module's documentation for each
//! variable.

use chrono::NaiveDate;
use modal_kit::config::env_or;

/// An organisation named in the file: its IATI identifier if it has one, its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Org {
    pub reference: Option<String>,
    pub name: String,
}

/// A programme budget: a calendar year, a currency, an amount in major units.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    pub year: i32,
    pub currency: String,
    pub amount: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IatiConfig {
    /// The reporting organisation's IATI identifier: `reporting-org/@ref`, and the
    /// prefix of every `iati-identifier`.
    pub publisher: String,
    pub reporting_org_name: String,
    /// An OrganisationType code (21 International NGO…).
    pub reporting_org_type: String,
    /// Funding organisations (role 1).
    pub funders: Vec<Org>,
    /// Extending organisations (role 3), managing the funds for the funders.
    pub extending: Vec<Org>,
    /// A DAC 5-digit purpose code (vocabulary 1).
    pub sector: String,
    /// The programme's start: actual once past, planned before.
    pub programme_start: NaiveDate,
    pub programme_end: Option<NaiveDate>,
    pub budgets: Vec<Budget>,
}

/// `REF:Name;REF:Name`. A part before the first `:` with a space in it is not an
/// identifier: the entry is then a name alone (`Union européenne : FFU`).
pub fn parse_orgs(text: &str) -> Vec<Org> {
    let org = |entry: &str| match entry.split_once(':') {
        Some((r, name)) if !r.trim().is_empty() && !r.trim().contains(' ') => {
            Org { reference: Some(r.trim().to_string()), name: name.trim().to_string() }
        }
        _ => Org { reference: None, name: entry.trim().to_string() },
    };
    text.split(';').filter(|e| !e.trim().is_empty()).map(org).collect()
}

/// `2021:EUR:1500000;2022:EUR:1750000.50`.
fn parse_budgets(text: &str) -> Result<Vec<Budget>, String> {
    let budget = |entry: &str| -> Option<Budget> {
        let mut parts = entry.trim().splitn(3, ':');
        let year = parts.next()?.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let currency = parts.next()?.to_string();
        let amount = parts.next()?.to_string();
        let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let amount_ok = match amount.split_once('.') {
            Some((whole, cents)) => number(whole) && number(cents),
            None => number(&amount),
        };
        let currency_ok = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        (amount_ok && currency_ok).then_some(Budget { year, currency, amount })
    };
    let entries = text.split(';').filter(|e| !e.trim().is_empty());
    entries.map(|e| budget(e).ok_or_else(|| format!("MODAL_IATI_BUDGETS: {e:?} is not YEAR:CUR:AMOUNT"))).collect()
}

/// An identifier the ruleset accepts: no spaces, none of `/ & | ?` (rules 1.3.13, 1.14.13).
fn identifier_ok(id: &str) -> bool {
    !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || "/&|?".contains(c))
}

impl IatiConfig {
    pub fn from_env() -> Result<IatiConfig, String> {
        let day = |name: &str, value: String| -> Result<NaiveDate, String> {
            value.parse().map_err(|_| format!("{name}: {value:?} is not a day (YYYY-MM-DD)"))
        };
        let end = env_or("MODAL_IATI_PROGRAMME_END", "");
        let config = IatiConfig {
            publisher: env_or("MODAL_IATI_PUBLISHER", "XI-IATI-MODAL"),
            reporting_org_name: env_or("MODAL_IATI_REPORTING_ORG_NAME", "ADEPT"),
            reporting_org_type: env_or("MODAL_IATI_REPORTING_ORG_TYPE", "21"),
            funders: parse_orgs(&env_or(
                "MODAL_IATI_FUNDERS",
                "DE-1:Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung (BMZ)",
            )),
            extending: parse_orgs(&env_or(
                "MODAL_IATI_EXTENDING",
                "XM-DAC-5-52:Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH",
            )),
            sector: env_or("MODAL_IATI_SECTOR", "15150"),
            programme_start: day("MODAL_IATI_PROGRAMME_START", env_or("MODAL_IATI_PROGRAMME_START", "2021-01-01"))?,
            programme_end: (!end.is_empty()).then(|| day("MODAL_IATI_PROGRAMME_END", end)).transpose()?,
            budgets: parse_budgets(&env_or("MODAL_IATI_BUDGETS", ""))?,
        };
        config.check()?;
        Ok(config)
    }

    /// What the schema and the ruleset would refuse, said at start.
    pub fn check(&self) -> Result<(), String> {
        if !identifier_ok(&self.publisher) {
            return Err(format!("MODAL_IATI_PUBLISHER: {:?} has a space or one of / & | ?", self.publisher));
        }
        if !(self.sector.len() == 5 && self.sector.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format!("MODAL_IATI_SECTOR: {:?} is not a DAC 5-digit purpose code", self.sector));
        }
        if !(self.reporting_org_type.len() == 2 && self.reporting_org_type.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format!(
                "MODAL_IATI_REPORTING_ORG_TYPE: {:?} is not an OrganisationType code",
                self.reporting_org_type
            ));
        }
        if self.reporting_org_name.trim().is_empty() {
            return Err("MODAL_IATI_REPORTING_ORG_NAME is empty".into());
        }
        if self.programme_end.is_some_and(|end| end <= self.programme_start) {
            return Err("MODAL_IATI_PROGRAMME_END is not after MODAL_IATI_PROGRAMME_START".into());
        }
        let bad = self.funders.iter().chain(&self.extending).find(|o| o.name.is_empty());
        match bad {
            Some(o) => Err(format!("MODAL_IATI_FUNDERS/EXTENDING: {:?} has no name", o.reference)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_are_ref_colon_name_and_a_name_alone_keeps_its_colons() {
        let orgs = parse_orgs("DE-1:BMZ ; XI-IATI-EC_INTPA:Union européenne;Fonds fiduciaire : Afrique;");
        assert_eq!(orgs[0], Org { reference: Some("DE-1".into()), name: "BMZ".into() });
        assert_eq!(orgs[1].reference.as_deref(), Some("XI-IATI-EC_INTPA"));
        assert_eq!(orgs[2], Org { reference: None, name: "Fonds fiduciaire : Afrique".into() });
        assert_eq!(orgs.len(), 3);
    }

    #[test]
    fn budgets_are_year_currency_amount() {
        let b = parse_budgets("2021:EUR:1500000;2022:EUR:1750000.50").unwrap();
        assert_eq!(b[1], Budget { year: 2022, currency: "EUR".into(), amount: "1750000.50".into() });
        for bad in ["2021:EUR:1,5", "21:EUR:1", "2021:eur:1", "2021:EUR:", "2021:EUR:1.2.3"] {
            assert!(parse_budgets(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_defaults_pass_and_what_the_ruleset_refuses_stops_the_start() {
        let ok = IatiConfig::from_env().unwrap();
        assert_eq!((ok.publisher.as_str(), ok.sector.as_str()), ("XI-IATI-MODAL", "15150"));
        for (publisher, sector) in
            [("XI IATI", "15150"), ("XI/IATI", "15150"), ("XI-IATI", "1515"), ("XI-IATI", "abcde")]
        {
            let bad = IatiConfig { publisher: publisher.into(), sector: sector.into(), ..ok.clone() };
            assert!(bad.check().is_err(), "{publisher} {sector}");
        }
    }
}
