//! Queries on certificates.

use super::types::CertificateRow;
use crate::schema::{certificate_codes as k, certificates as c};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;

pub fn insert(conn: &mut AnyConnection, row: &CertificateRow) -> QueryResult<()> {
    diesel::insert_into(c::table).values(row).execute(conn)?;
    diesel::insert_into(k::table).values((k::code.eq(&row.code), k::tenant_id.eq(&row.tenant_id))).execute(conn)?;
    Ok(())
}

pub fn of_training(conn: &mut AnyConnection, tenant: &str, training: &str) -> QueryResult<Vec<CertificateRow>> {
    c::table.filter(c::tenant_id.eq(tenant)).filter(c::training_id.eq(training)).order(c::id).load(conn)
}

pub fn of_participant(conn: &mut AnyConnection, tenant: &str, participant: &str) -> QueryResult<Vec<CertificateRow>> {
    c::table.filter(c::tenant_id.eq(tenant)).filter(c::participant_id.eq(participant)).order(c::id).load(conn)
}

pub fn find(conn: &mut AnyConnection, tenant: &str, training: &str, id: &str) -> QueryResult<Option<CertificateRow>> {
    c::table
        .filter(c::tenant_id.eq(tenant))
        .filter(c::training_id.eq(training))
        .filter(c::id.eq(id))
        .first(conn)
        .optional()
}

pub fn by_code(conn: &mut AnyConnection, tenant: &str, code: &str) -> QueryResult<Option<CertificateRow>> {
    c::table.filter(c::tenant_id.eq(tenant)).filter(c::code.eq(code)).first(conn).optional()
}

/// The tenant a code belongs to (the one lookup made before a tenant is known).
pub fn tenant_of_code(conn: &mut AnyConnection, code: &str) -> QueryResult<Option<String>> {
    k::table.filter(k::code.eq(code)).select(k::tenant_id).first(conn).optional()
}

pub fn revoke(
    conn: &mut AnyConnection,
    tenant: &str,
    id: &str,
    at: chrono::NaiveDateTime,
    reason: &str,
) -> QueryResult<()> {
    diesel::update(c::table.filter(c::tenant_id.eq(tenant)).filter(c::id.eq(id)))
        .set((c::revoked_at.eq(Some(at)), c::revocation_reason.eq(Some(reason))))
        .execute(conn)
        .map(|_| ())
}
