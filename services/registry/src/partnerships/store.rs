//! Queries on partnerships, each starting from the tenant.

use super::types::{PartnershipFilter, PartnershipRow};
use crate::schema::partnerships as p;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::text::code_of;

pub fn insert(conn: &mut AnyConnection, row: &PartnershipRow) -> QueryResult<()> {
    diesel::insert_into(p::table).values(row).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<PartnershipRow>> {
    p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id)).first(conn).optional()
}

pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    f: &PartnershipFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<PartnershipRow>> {
    let mut q = p::table.filter(p::tenant_id.eq(tenant)).into_boxed();
    if let Some(org) = &f.organisation_id {
        q = q.filter(p::diaspora_organisation_id.eq(org.clone()).or(p::local_organisation_id.eq(org.clone())));
    }
    if let Some(status) = &f.status {
        q = q.filter(p::status.eq(code_of(status)));
    }
    if let Some(after) = after {
        q = q.filter(p::id.gt(after.to_string()));
    }
    q.order(p::id).limit(limit + 1).load(conn)
}

pub fn replace(conn: &mut AnyConnection, row: &PartnershipRow, expected: i32) -> QueryResult<bool> {
    let n = diesel::update(
        p::table.filter(p::tenant_id.eq(&row.tenant_id)).filter(p::id.eq(&row.id)).filter(p::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<()> {
    diesel::delete(p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id))).execute(conn).map(|_| ())
}
