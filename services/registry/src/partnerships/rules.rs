//! Partnership rules as plain functions.

use super::types::*;
use crate::organisations::types::{OrganisationKind, OrganisationRow};
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::{code_of, parse_code};
use modal_kit::validate::Violations;
use modal_kit::ApiError;

/// Checks the input against the two organisations it links (`None`: not found in
/// this tenant, which is all a caller may know of another tenant's ids).
pub fn validate(
    input: &PartnershipInput,
    diaspora: Option<&OrganisationRow>,
    local: Option<&OrganisationRow>,
) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.optional_text("description", input.description.as_deref(), 4000);
    let unknown = || Msg::new("Organisation introuvable chez ce partenaire.", "No such organisation in this tenant.");
    let kind_of = |o: &OrganisationRow| parse_code::<OrganisationKind>(&o.kind);
    match diaspora {
        None => v.add("diaspora_organisation_id", "unknown_organisation", unknown()),
        Some(o) if kind_of(o) != Some(OrganisationKind::DiasporaOrganisation) => v.add(
            "diaspora_organisation_id",
            "not_diaspora",
            Msg::new(
                "Cette organisation n'est pas une organisation de la diaspora.",
                "This is not a diaspora organisation.",
            ),
        ),
        Some(_) => {}
    }
    match local {
        None => v.add("local_organisation_id", "unknown_organisation", unknown()),
        Some(o) if kind_of(o) == Some(OrganisationKind::DiasporaOrganisation) => v.add(
            "local_organisation_id",
            "not_local",
            Msg::new(
                "Le partenaire local ne peut pas être une organisation de la diaspora.",
                "The local partner cannot be a diaspora organisation.",
            ),
        ),
        Some(_) => {}
    }
    if let (Some(start), Some(end)) = (input.started_on, input.ended_on) {
        if end < start {
            v.add("ended_on", "before_start", Msg::new("La fin précède le début.", "The end is before the start."));
        }
    }
    Ok(v.finish()?)
}

/// The stored form of a (valid) input, stamped `stamp`.
pub fn to_row(input: &PartnershipInput, stamp: Stamp) -> PartnershipRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    PartnershipRow {
        tenant_id,
        id,
        diaspora_organisation_id: input.diaspora_organisation_id.clone(),
        local_organisation_id: input.local_organisation_id.clone(),
        kind: code_of(&input.kind),
        status: code_of(&input.status),
        description: input.description.as_ref().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
        started_on: input.started_on,
        ended_on: input.ended_on,
        version,
        created_at,
        updated_at,
        created_by,
        updated_by,
    }
}
