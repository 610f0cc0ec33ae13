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

/// An org-id.guide identifier from a registration, where the registration's scheme
/// is one of its lists: only Senegal's NINEA is (`SN-NINEA`); RCCM, récépissés,
/// France's RNA and Morocco's ICE have no list there, and an identifier is never
/// guessed. Spaces are taken out (`005123456 2G3` → `SN-NINEA-0051234562G3`).
pub fn reference(p: &Party) -> Option<String> {
    let ninea = p.registrations.iter().find(|r| r.scheme == "ninea" && p.country == "SN")?;
    let value: String = ninea.value.chars().filter(|c| !c.is_whitespace()).collect();
    let clean = !value.is_empty() && !value.chars().any(|c| "/&|?".contains(c));
    clean.then(|| format!("SN-NINEA-{value}"))
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
}
