//! A registry organisation in IATI's terms: its type, and its identifier when one
//! can be made from its registrations.

use crate::snapshots::projects::Party;

/// OrganisationType from the registry's kind: civil society of a programme
/// country (`programme_countries`: the tenants') 24 (partner country based NGO),
/// elsewhere 22 (national NGO: a diaspora association registered in France is
/// one); a local authority 11; otherwise 90. `None` when the registry's kind is
/// unknown (the attribute is optional).
pub fn org_type(p: &Party, programme_countries: &[String]) -> Option<&'static str> {
    let at_home = programme_countries.contains(&p.country);
    Some(match p.kind.as_deref()? {
        "local_association" | "federation_or_collective" | "cooperative" if at_home => "24",
        "local_association" | "federation_or_collective" | "cooperative" | "diaspora_organisation" => "22",
        "local_authority" => "11",
        _ => "90",
    })
}

/// The organisation's org-id.guide identifier: the registry's `iati_identifier`
/// (its agency prefix and registration) when it answers one; from a snapshot taken
/// before the registry did, a Senegalese NINEA (`SN-NINEA`, the only one of the
/// registry's schemes on IATI's list). Never guessed; an identifier carrying
/// characters IATI forbids in identifiers (`/&|?`) is left out.
pub fn reference(p: &Party) -> Option<String> {
    let made = p.iati_identifier.clone().or_else(|| {
        let ninea = p.registrations.iter().find(|r| r.scheme == "ninea" && p.country == "SN")?;
        Some(format!("SN-NINEA-{}", ninea.value.chars().filter(|c| !c.is_whitespace()).collect::<String>()))
    })?;
    let value = made.split_once('-').and_then(|(_, rest)| rest.split_once('-')).map_or("", |(_, v)| v);
    let clean = !value.is_empty() && !made.chars().any(|c| c.is_whitespace() || "/&|?".contains(c));
    clean.then_some(made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshots::projects::Registration;

    fn party(kind: &str, country: &str, registrations: &[(&str, &str)]) -> Party {
        Party {
            id: "o1".into(),
            name: "Asso".into(),
            country: country.into(),
            kind: Some(kind.into()),
            iati_identifier: None,
            registrations: registrations
                .iter()
                .map(|(s, v)| Registration { scheme: s.to_string(), value: v.to_string() })
                .collect(),
        }
    }

    #[test]
    fn types_follow_the_kind_and_where_the_organisation_is() {
        let here = ["SN".to_string(), "ML".to_string()];
        assert_eq!(org_type(&party("local_association", "SN", &[]), &here), Some("24"));
        assert_eq!(org_type(&party("local_association", "CI", &[]), &here), Some("22"), "not a tenant's country");
        assert_eq!(org_type(&party("diaspora_organisation", "FR", &[]), &here), Some("22"));
        assert_eq!(org_type(&party("local_authority", "ML", &[]), &here), Some("11"));
        assert_eq!(org_type(&Party { kind: None, ..party("x", "SN", &[]) }, &here), None);
    }

    #[test]
    fn only_a_senegalese_ninea_makes_an_identifier() {
        assert_eq!(
            reference(&party("local_association", "SN", &[("ninea", "005123456 2G3")])).unwrap(),
            "SN-NINEA-0051234562G3"
        );
        assert_eq!(reference(&party("local_association", "ML", &[("ninea", "1")])), None);
        assert_eq!(reference(&party("local_association", "SN", &[("rccm", "SN-DKR-2021-B-1")])), None);
        assert_eq!(reference(&party("local_association", "SN", &[("ninea", "12/34")])), None);
    }

    #[test]
    fn the_registrys_identifier_is_taken_as_it_answers_it() {
        let oecd = Party { iati_identifier: Some("XM-DAC-5-52".into()), ..party("other", "DE", &[]) };
        assert_eq!(reference(&oecd).as_deref(), Some("XM-DAC-5-52"));
        let odd = Party { iati_identifier: Some("FR-RCS-12/3".into()), ..party("other", "FR", &[]) };
        assert_eq!(reference(&odd), None);
    }
}
