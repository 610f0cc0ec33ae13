//! Queries on reports, each starting from the tenant.

use super::types::{ReportRow, ReportStatus};
use crate::schema::reports as r;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use std::collections::HashMap;

pub fn insert(conn: &mut AnyConnection, row: &ReportRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(r::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<ReportRow>> {
    on_engine!(conn, |c| r::table.filter(r::tenant_id.eq(tenant)).filter(r::id.eq(id)).first(c).optional())
}

pub fn update(conn: &mut AnyConnection, row: &ReportRow) -> QueryResult<usize> {
    let target = r::table.filter(r::tenant_id.eq(&row.tenant_id)).filter(r::id.eq(&row.id));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}

/// A grant's reports, oldest first.
pub fn of_grant(conn: &mut AnyConnection, tenant: &str, grant: &str) -> QueryResult<Vec<ReportRow>> {
    on_engine!(conn, |c| r::table.filter(r::tenant_id.eq(tenant)).filter(r::grant_id.eq(grant)).order(r::id).load(c))
}

/// The status of the latest report of each tranche of a grant (tranche id → status).
pub fn latest_by_tranche(
    conn: &mut AnyConnection,
    tenant: &str,
    grant: &str,
) -> QueryResult<HashMap<String, ReportStatus>> {
    // Ids are UUIDv7, so the last one of a tranche in id order is its latest.
    Ok(of_grant(conn, tenant, grant)?.into_iter().map(|row| (row.tranche_id.clone(), row.status())).collect())
}
