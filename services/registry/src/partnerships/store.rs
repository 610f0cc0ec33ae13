//! Queries on partnerships, each starting from the tenant.

use super::types::{PartnershipFilter, PartnershipRow};
use crate::schema::partnerships as p;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::code_of;

pub fn insert(conn: &mut AnyConnection, row: &PartnershipRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(p::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<PartnershipRow>> {
    on_engine!(conn, |c| p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id)).first(c).optional())
}

pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    f: &PartnershipFilter,
    window: &Window,
) -> QueryResult<Vec<PartnershipRow>> {
    on_engine!(conn, |c| {
        let mut q = p::table.filter(p::tenant_id.eq(tenant)).into_boxed();
        if let Some(org) = &f.organisation_id {
            q = q.filter(p::diaspora_organisation_id.eq(org.clone()).or(p::local_organisation_id.eq(org.clone())));
        }
        if let Some(status) = &f.status {
            q = q.filter(p::status.eq(code_of(status)));
        }
        if let Some(after) = &window.after {
            q = q.filter(p::id.gt(after.clone()));
        }
        q.order(p::id).limit(window.fetch()).load(c)
    })
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &PartnershipRow, expected: i32) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(
        p::table.filter(p::tenant_id.eq(&row.tenant_id)).filter(p::id.eq(&row.id)).filter(p::version.eq(expected)),
    )
    .set(row)
    .execute(c))
}

pub fn delete(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::delete(p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id))).execute(c))
        .map(|_| ())
}
