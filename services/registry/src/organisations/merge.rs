//! Merging a duplicate into the record that survives: the survivor keeps the links
//! of both (partnerships, people, branches, federation members, identifiers), the
//! duplicate is archived with `merged_into` set and its id answers 301 to the
//! survivor, and both changes are audited. One transaction: all of it or nothing.

use super::handlers::not_found;
use super::identifiers;
use super::store;
use super::types::{Organisation, OrganisationRow, Registration};
use crate::roles::ADMINS;
use crate::schema::{organisations as o, partnerships as p, people};
use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;
use modal_kit::auth::{Actor, TenantScope};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::etag;
use modal_kit::http::Id;
use modal_kit::text::{contains_pattern, join_set, set_members};
use modal_kit::{audit, on_engine, ApiError};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The duplicate, merged into the organisation of the path.
    pub duplicate_id: String,
}

fn refuse(fr: &str, en: &str) -> ApiError {
    ApiError::invalid_field("duplicate_id", "cannot_merge", fr, en)
}

/// Points every reference to `from` at `to`, in the tenant.
fn move_references(c: &mut AnyConnection, tenant: &str, from: &str, to: &str) -> Result<(), ApiError> {
    on_engine!(c, |c| diesel::update(
        p::table.filter(p::tenant_id.eq(tenant)).filter(p::diaspora_organisation_id.eq(from))
    )
    .set(p::diaspora_organisation_id.eq(to))
    .execute(c))?;
    on_engine!(c, |c| diesel::update(
        p::table.filter(p::tenant_id.eq(tenant)).filter(p::local_organisation_id.eq(from))
    )
    .set(p::local_organisation_id.eq(to))
    .execute(c))?;
    on_engine!(c, |c| diesel::update(
        people::table.filter(people::tenant_id.eq(tenant)).filter(people::organisation_id.eq(from))
    )
    .set(people::organisation_id.eq(to))
    .execute(c))?;
    on_engine!(c, |c| diesel::update(
        o::table.filter(o::tenant_id.eq(tenant)).filter(o::parent_organisation_id.eq(from))
    )
    .set(o::parent_organisation_id.eq(to))
    .execute(c))?;
    let member = contains_pattern(&format!("|{from}|"));
    let members: Vec<(String, String)> = on_engine!(c, |c| o::table
        .filter(o::tenant_id.eq(tenant))
        .filter(o::federation_ids.like(&member).escape('\\'))
        .select((o::id, o::federation_ids))
        .load(c))?;
    for (id, set) in members {
        let mut ids: Vec<&str> = set_members(&set).map(|f| if f == from { to } else { f }).collect();
        ids.sort_unstable();
        ids.dedup();
        let ids: Vec<&str> = ids.into_iter().filter(|f| *f != id).collect();
        on_engine!(c, |c| diesel::update(o::table.filter(o::tenant_id.eq(tenant)).filter(o::id.eq(&id)))
            .set(o::federation_ids.eq(join_set(&ids)))
            .execute(c))?;
    }
    Ok(())
}

fn merge(
    c: &mut AnyConnection,
    actor: &Actor,
    survivor_id: &str,
    duplicate_id: &str,
) -> Result<Organisation, ApiError> {
    let tenant = actor.tenant.as_str();
    let survivor = store::find(c, tenant, survivor_id)?.ok_or_else(not_found)?;
    let Some(duplicate) = store::find(c, tenant, duplicate_id)?.filter(|d| d.id != survivor.id) else {
        return Err(refuse(
            "Une autre organisation de ce partenaire est attendue.",
            "Another organisation of this tenant is expected.",
        ));
    };
    if survivor.merged_into.is_some() || duplicate.merged_into.is_some() {
        return Err(refuse("Cette organisation a déjà été fusionnée.", "This organisation was already merged."));
    }
    // The duplicate's registrations the survivor lacks join it (the index moves too).
    let mut registrations: Vec<Registration> = serde_json::from_str(&survivor.registrations).unwrap_or_default();
    for r in serde_json::from_str::<Vec<Registration>>(&duplicate.registrations).unwrap_or_default() {
        let key = identifiers::value_key(&r.value);
        if !registrations.iter().any(|s| s.scheme == r.scheme && identifiers::value_key(&s.value) == key) {
            registrations.push(r);
        }
    }
    identifiers::replace(c, tenant, &duplicate.id, &[])?;
    identifiers::replace(c, tenant, &survivor.id, &identifiers::keys(&registrations))?;
    move_references(c, tenant, &duplicate.id, &survivor.id)?;

    let (next, now) = (survivor.stamp().next(actor), modal_kit::clock::now());
    let current = store::find(c, tenant, &survivor.id)?.ok_or_else(not_found)?;
    let parent = current.parent_organisation_id.clone().filter(|p| p != &survivor.id);
    let kept = OrganisationRow {
        registrations: serde_json::to_string(&registrations).map_err(ApiError::internal)?,
        parent_organisation_id: parent,
        version: next.version,
        updated_at: next.updated_at,
        updated_by: next.updated_by.clone(),
        ..current
    };
    let gone = OrganisationRow {
        merged_into: Some(survivor.id.clone()),
        archived_at: duplicate.archived_at.or(Some(now)),
        version: duplicate.version + 1,
        updated_at: now,
        updated_by: next.updated_by,
        ..store::find(c, tenant, &duplicate.id)?.ok_or_else(not_found)?
    };
    if store::replace(c, &kept, survivor.version)? != 1 || store::replace(c, &gone, duplicate.version)? != 1 {
        return Err(modal_kit::etag::stale());
    }
    audit::record(c, actor, "merge", ("organisation", &survivor.id), json!({"merged": duplicate.id}))?;
    audit::record(c, actor, "merged", ("organisation", &duplicate.id), json!({"into": survivor.id}))?;
    Ok(Organisation::from(kept))
}

/// Merge a duplicate into this organisation (see the module). Tenant admins.
#[utoipa::path(tag = "organisations", params(Id), request_body = MergeRequest,
    responses((status = 200, description = "The survivor, with the links of both", body = Organisation,
        headers(("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/organisations/{id}/merge")]
pub async fn merge_organisations(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<MergeRequest>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ADMINS)?;
    let (id, duplicate) = (path.into_inner().id, body.into_inner().duplicate_id);
    let survivor = db.write(&scope, move |c, actor| merge(c, actor, &id, &duplicate)).await?;
    Ok(etag::ok(&survivor, survivor.version))
}
