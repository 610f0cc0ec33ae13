//! Queries on organisations. Every function takes the tenant and starts from it;
//! row-level security (PostgreSQL) is the second wall behind these filters.

use super::types::{OrganisationFilter, OrganisationRow};
use crate::schema::{organisations as o, partnerships as p, people};
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::{code_of, contains_pattern, normalise};

pub fn insert(conn: &mut AnyConnection, row: &OrganisationRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(o::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<OrganisationRow>> {
    on_engine!(conn, |c| o::table.filter(o::tenant_id.eq(tenant)).filter(o::id.eq(id)).first(c).optional())
}

/// An organisation registered under the same normalised name in the same country.
pub fn find_same(
    conn: &mut AnyConnection,
    tenant: &str,
    name_key: &str,
    country: &str,
) -> QueryResult<Option<OrganisationRow>> {
    on_engine!(conn, |c| o::table
        .filter(o::tenant_id.eq(tenant))
        .filter(o::name_key.eq(name_key))
        .filter(o::country.eq(country))
        .order(o::id)
        .first(c)
        .optional())
}

/// The window's page (plus one row, to know if there is a next page).
pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    f: &OrganisationFilter,
    window: &Window,
) -> QueryResult<Vec<OrganisationRow>> {
    on_engine!(conn, |c| {
        let mut q = o::table.filter(o::tenant_id.eq(tenant)).into_boxed();
        if let Some(words) = f.q.as_deref().map(normalise).filter(|w| !w.is_empty()) {
            q = q.filter(o::search_text.like(contains_pattern(&words)).escape('\\'));
        }
        if let Some(kind) = &f.kind {
            q = q.filter(o::kind.eq(code_of(kind)));
        }
        if let Some(country) = &f.country {
            let member = contains_pattern(&format!("|{country}|"));
            q = q.filter(o::country.eq(country.clone()).or(o::intervention_countries.like(member).escape('\\')));
        }
        if let Some(theme) = &f.theme {
            q = q.filter(o::themes.like(contains_pattern(&format!("|{}|", code_of(theme)))).escape('\\'));
        }
        if let Some(status) = &f.status {
            q = q.filter(o::status.eq(code_of(status)));
        }
        if let Some(parent) = &f.parent_organisation_id {
            q = q.filter(o::parent_organisation_id.eq(parent.clone()));
        }
        if let Some(federation) = &f.federation_id {
            q = q.filter(o::federation_ids.like(contains_pattern(&format!("|{federation}|"))).escape('\\'));
        }
        if !f.include_archived.unwrap_or(false) {
            q = q.filter(o::archived_at.is_null());
        }
        if let Some(after) = &window.after {
            q = q.filter(o::id.gt(after.clone()));
        }
        q.order(o::id).limit(window.fetch()).load(c)
    })
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &OrganisationRow, expected: i32) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(
        o::table.filter(o::tenant_id.eq(&row.tenant_id)).filter(o::id.eq(&row.id)).filter(o::version.eq(expected)),
    )
    .set(row)
    .execute(c))
}

pub fn delete(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::delete(o::table.filter(o::tenant_id.eq(tenant)).filter(o::id.eq(id))).execute(c))
        .map(|_| ())
}

/// Whether other records point at the organisation (so it is archived, not
/// deleted): partnerships, its people, its branches, a federation's members.
pub fn is_referenced(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<bool> {
    let partnerships: i64 = on_engine!(conn, |c| p::table
        .filter(p::tenant_id.eq(tenant))
        .filter(p::diaspora_organisation_id.eq(id).or(p::local_organisation_id.eq(id)))
        .select(count_star())
        .first(c))?;
    let people: i64 = on_engine!(conn, |c| people::table
        .filter(people::tenant_id.eq(tenant))
        .filter(people::organisation_id.eq(id))
        .select(count_star())
        .first(c))?;
    let member = contains_pattern(&format!("|{id}|"));
    let linked: i64 = on_engine!(conn, |c| o::table
        .filter(o::tenant_id.eq(tenant))
        .filter(o::parent_organisation_id.eq(id).or(o::federation_ids.like(&member).escape('\\')))
        .select(count_star())
        .first(c))?;
    Ok(partnerships + people + linked > 0)
}

/// Every organisation of the tenant still in use (not archived, so not merged).
pub fn active(conn: &mut AnyConnection, tenant: &str) -> QueryResult<Vec<OrganisationRow>> {
    on_engine!(conn, |c| o::table.filter(o::tenant_id.eq(tenant)).filter(o::archived_at.is_null()).order(o::id).load(c))
}

/// (name_key, country) pairs shared by more than one organisation.
pub fn duplicate_keys(conn: &mut AnyConnection, tenant: &str) -> QueryResult<Vec<(String, String)>> {
    on_engine!(conn, |c| o::table
        .filter(o::tenant_id.eq(tenant))
        .filter(o::archived_at.is_null())
        .group_by((o::name_key, o::country))
        .having(count_star().gt(1))
        .select((o::name_key, o::country))
        .order((o::name_key, o::country))
        .limit(500)
        .load(c))
}

pub fn with_key(
    conn: &mut AnyConnection,
    tenant: &str,
    name_key: &str,
    country: &str,
) -> QueryResult<Vec<OrganisationRow>> {
    on_engine!(conn, |c| o::table
        .filter(o::tenant_id.eq(tenant))
        .filter(o::archived_at.is_null())
        .filter(o::name_key.eq(name_key))
        .filter(o::country.eq(country))
        .order(o::id)
        .load(c))
}
