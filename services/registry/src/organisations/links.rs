//! Links between organisations besides partnerships: the parent an organisation
//! is a branch of, and the federations it is a member of. Both are fields of the
//! organisation (one parent, a few federations) rather than a table of links: they
//! are read with the organisation and a list filters on them.

use super::store;
use super::types::{OrganisationKind, OrganisationRow};
use modal_kit::db::AnyConnection;
use modal_kit::i18n::Msg;
use modal_kit::text::{parse_code, set_members};
use modal_kit::validate::Violations;
use modal_kit::ApiError;

/// How far up a chain of parents is followed (a branch of a branch of …).
const MAX_DEPTH: usize = 16;

/// Checks `row`'s parent and federations against the tenant's organisations.
pub fn check(c: &mut AnyConnection, row: &OrganisationRow) -> Result<(), ApiError> {
    let mut v = Violations::new();
    let unknown = || Msg::new("Organisation introuvable chez ce partenaire.", "No such organisation in this tenant.");
    if let Some(parent) = &row.parent_organisation_id {
        if parent == &row.id {
            v.add(
                "parent_organisation_id",
                "self",
                Msg::new("Une organisation n'est pas sa propre mère.", "An organisation cannot be its own parent."),
            );
        } else if store::find(c, &row.tenant_id, parent)?.is_none() {
            v.add("parent_organisation_id", "unknown_organisation", unknown());
        } else if ancestors(c, &row.tenant_id, parent)?.contains(&row.id) {
            v.add(
                "parent_organisation_id",
                "cycle",
                Msg::new(
                    "Cette organisation est déjà une branche de celle-ci.",
                    "That organisation is already a branch of this one.",
                ),
            );
        }
    }
    for (n, id) in set_members(&row.federation_ids).enumerate() {
        let field = format!("federation_ids[{n}]");
        match store::find(c, &row.tenant_id, id)? {
            _ if id == row.id => v.add(
                field,
                "self",
                Msg::new("Une fédération n'est pas son propre membre.", "A federation is not its own member."),
            ),
            None => v.add(field, "unknown_organisation", unknown()),
            Some(f) if parse_code(&f.kind) != Some(OrganisationKind::FederationOrCollective) => v.add(
                field,
                "not_federation",
                Msg::new(
                    "Cette organisation n'est pas une fédération ou un collectif.",
                    "This is not a federation or collective.",
                ),
            ),
            Some(_) => {}
        }
    }
    Ok(v.finish()?)
}

/// `id` and the parents above it, nearest first (stops at `MAX_DEPTH`).
fn ancestors(c: &mut AnyConnection, tenant: &str, id: &str) -> Result<Vec<String>, ApiError> {
    let mut chain = vec![id.to_string()];
    while chain.len() < MAX_DEPTH {
        let last = chain.last().cloned().unwrap_or_default();
        match store::find(c, tenant, &last)?.and_then(|o| o.parent_organisation_id) {
            Some(parent) if !chain.contains(&parent) => chain.push(parent),
            _ => break,
        }
    }
    Ok(chain)
}
