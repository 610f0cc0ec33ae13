//! The automatic checks as plain functions of the facts read.

use crate::peers::{CertificateFacts, OrganisationFacts, PartnershipFacts};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The applicant is a registry organisation of the tenant, verified or active.
    ApplicantVerified,
    /// An active partnership links it to the named diaspora partner.
    ActivePartnership,
    /// Someone representing it holds a valid training certificate.
    CertifiedMember,
}

/// One check: passed or not, on what facts.
pub struct Outcome {
    pub rule: Rule,
    pub passed: bool,
    pub facts: Value,
}

pub fn applicant_verified(org: Option<&OrganisationFacts>) -> Outcome {
    let passed = org.is_some_and(|o| !o.archived && matches!(o.status.as_str(), "verified" | "active"));
    Outcome { rule: Rule::ApplicantVerified, passed, facts: json!({ "organisation": org }) }
}

pub fn active_partnership(applicant: &str, partner: &str, partnerships: &[PartnershipFacts]) -> Outcome {
    let link = partnerships.iter().find(|p| {
        p.status == "active" && p.local_organisation_id == applicant && p.diaspora_organisation_id == partner
    });
    Outcome {
        rule: Rule::ActivePartnership,
        passed: link.is_some(),
        facts: json!({ "partner_id": partner, "active_partnerships": partnerships, "linking": link }),
    }
}

pub fn certified_member(certificates: &[CertificateFacts]) -> Outcome {
    Outcome {
        rule: Rule::CertifiedMember,
        passed: !certificates.is_empty(),
        facts: json!({ "certificates": certificates }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(status: &str, archived: bool) -> OrganisationFacts {
        OrganisationFacts {
            id: "o".into(),
            name: "O".into(),
            kind: "local_association".into(),
            country: "SN".into(),
            status: status.into(),
            archived,
        }
    }

    fn link(diaspora: &str, local: &str, status: &str) -> PartnershipFacts {
        PartnershipFacts {
            id: "p".into(),
            diaspora_organisation_id: diaspora.into(),
            local_organisation_id: local.into(),
            status: status.into(),
        }
    }

    #[test]
    fn a_verified_or_active_applicant_passes_and_nothing_else() {
        assert!(applicant_verified(Some(&org("verified", false))).passed);
        assert!(applicant_verified(Some(&org("active", false))).passed);
        assert!(!applicant_verified(Some(&org("identified", false))).passed);
        assert!(!applicant_verified(Some(&org("active", true))).passed, "archived");
        assert!(!applicant_verified(None).passed, "unknown in the tenant");
    }

    #[test]
    fn the_partnership_must_link_the_applicant_to_the_named_partner() {
        assert!(active_partnership("loc", "dia", &[link("dia", "loc", "active")]).passed);
        assert!(!active_partnership("loc", "dia", &[link("other", "loc", "active")]).passed);
        assert!(!active_partnership("loc", "dia", &[link("dia", "loc", "ended")]).passed);
    }
}
