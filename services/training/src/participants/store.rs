//! Queries on participants, each starting from the tenant.

use super::types::ParticipantRow;
use crate::schema::{certificates as c, participants as p};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

pub fn insert(conn: &mut AnyConnection, row: &ParticipantRow) -> QueryResult<()> {
    diesel::insert_into(p::table).values(row).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, training: &str, id: &str) -> QueryResult<Option<ParticipantRow>> {
    p::table
        .filter(p::tenant_id.eq(tenant))
        .filter(p::training_id.eq(training))
        .filter(p::id.eq(id))
        .first(conn)
        .optional()
}

pub fn of_training(conn: &mut AnyConnection, tenant: &str, training: &str) -> QueryResult<Vec<ParticipantRow>> {
    p::table.filter(p::tenant_id.eq(tenant)).filter(p::training_id.eq(training)).order(p::id).load(conn)
}

pub fn page(
    conn: &mut AnyConnection,
    tenant: &str,
    training: &str,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ParticipantRow>> {
    on_engine!(conn, |c| {
        let mut q = p::table.filter(p::tenant_id.eq(tenant)).filter(p::training_id.eq(training)).into_boxed();
        if let Some(after) = after {
            q = q.filter(p::id.gt(after.to_string()));
        }
        q.order(p::id).limit(limit + 1).load(c)
    })
}

pub fn replace(conn: &mut AnyConnection, row: &ParticipantRow, expected: i32) -> QueryResult<bool> {
    let target =
        p::table.filter(p::tenant_id.eq(&row.tenant_id)).filter(p::id.eq(&row.id)).filter(p::version.eq(expected));
    Ok(diesel::update(target).set(row).execute(conn)? == 1)
}

/// Removes the printed name from the person's certificates (erasure).
pub fn erase_certificate_names(conn: &mut AnyConnection, tenant: &str, participant: &str) -> QueryResult<usize> {
    diesel::update(c::table.filter(c::tenant_id.eq(tenant)).filter(c::participant_id.eq(participant)))
        .set(c::holder_name.eq(None::<String>))
        .execute(conn)
}
