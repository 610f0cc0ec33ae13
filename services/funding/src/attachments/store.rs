//! Queries on attachments, each starting from the tenant.

use super::types::AttachmentRow;
use crate::schema::attachments as f;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

pub fn insert(conn: &mut AnyConnection, row: &AttachmentRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(f::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<AttachmentRow>> {
    on_engine!(conn, |c| f::table.filter(f::tenant_id.eq(tenant)).filter(f::id.eq(id)).first(c).optional())
}

/// The files attached to one record (`owner` is `application`, `grant` or `report`).
pub fn of_owner(
    conn: &mut AnyConnection,
    tenant: &str,
    owner: &str,
    owner_id: &str,
) -> QueryResult<Vec<AttachmentRow>> {
    on_engine!(conn, |c| f::table
        .filter(f::tenant_id.eq(tenant))
        .filter(f::owner.eq(owner))
        .filter(f::owner_id.eq(owner_id))
        .order(f::id)
        .load(c))
}
