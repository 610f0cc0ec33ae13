//! Queries on snapshots, each starting from the tenant.

use super::types::SnapshotRow;
use crate::peers::SOURCES;
use crate::schema::snapshots as s;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

pub fn insert(conn: &mut AnyConnection, rows: &[SnapshotRow]) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(s::table).values(rows).execute(c)).map(|_| ())
}

/// Each service's latest snapshot of the period (a service never read is absent).
pub fn latest(conn: &mut AnyConnection, tenant: &str, period: &str) -> QueryResult<Vec<SnapshotRow>> {
    let mut found = Vec::new();
    for service in SOURCES {
        let row: Option<SnapshotRow> = on_engine!(conn, |c| s::table
            .filter(s::tenant_id.eq(tenant))
            .filter(s::period.eq(period))
            .filter(s::service.eq(service))
            .order(s::taken_at.desc())
            .first(c)
            .optional())?;
        found.extend(row);
    }
    Ok(found)
}

/// The latest snapshot of the tenant's funded projects (`funding-projects`), if any
/// gathering read them.
pub fn latest_projects(conn: &mut AnyConnection, tenant: &str) -> QueryResult<Option<SnapshotRow>> {
    on_engine!(conn, |c| s::table
        .filter(s::tenant_id.eq(tenant))
        .filter(s::service.eq(super::projects::SOURCE))
        .order(s::taken_at.desc())
        .first(c)
        .optional())
}

/// When the latest snapshot `trigger` asked for was taken (any service, any period).
pub fn last_taken(conn: &mut AnyConnection, tenant: &str, trigger: &str) -> QueryResult<Option<chrono::NaiveDateTime>> {
    on_engine!(conn, |c| s::table
        .filter(s::tenant_id.eq(tenant))
        .filter(s::trigger.eq(trigger))
        .select(diesel::dsl::max(s::taken_at))
        .first(c))
}
