//! Queries on calls, each starting from the tenant.

use super::types::{CallFilter, CallRow};
use crate::schema::calls as k;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::code_of;

pub fn insert(conn: &mut AnyConnection, row: &CallRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(k::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<CallRow>> {
    on_engine!(conn, |c| k::table.filter(k::tenant_id.eq(tenant)).filter(k::id.eq(id)).first(c).optional())
}

pub fn list(conn: &mut AnyConnection, tenant: &str, f: &CallFilter, window: &Window) -> QueryResult<Vec<CallRow>> {
    on_engine!(conn, |c| {
        let mut q = k::table.filter(k::tenant_id.eq(tenant)).into_boxed();
        if let Some(status) = &f.status {
            q = q.filter(k::status.eq(code_of(status)));
        }
        if let Some(after) = &window.after {
            q = q.filter(k::id.gt(after.clone()));
        }
        q.order(k::id).limit(window.fetch()).load(c)
    })
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &CallRow, expected: i32) -> QueryResult<usize> {
    let target =
        k::table.filter(k::tenant_id.eq(&row.tenant_id)).filter(k::id.eq(&row.id)).filter(k::version.eq(expected));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}

/// Locks the call until the transaction ends: decisions counted against its
/// envelope hold under concurrent requests.
pub fn lock(conn: &mut AnyConnection, tenant: &str, id: &str) -> Result<bool, modal_kit::ApiError> {
    modal_kit::db::lock_row(conn, "calls", tenant, id)
}
