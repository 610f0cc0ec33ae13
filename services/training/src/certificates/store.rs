//! Queries on certificates, each starting from the tenant — but for the one
//! lookup made before a tenant is known (a public check by code).

use super::types::CertificateRow;
use crate::schema::{certificate_codes as k, certificates as c, participants as p};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

pub fn insert(conn: &mut AnyConnection, row: &CertificateRow) -> QueryResult<()> {
    let code = (k::code.eq(&row.code), k::tenant_id.eq(&row.tenant_id));
    on_engine!(conn, |e| {
        diesel::insert_into(c::table).values(row).execute(e)?;
        diesel::insert_into(k::table).values(code).execute(e)
    })?;
    Ok(())
}

pub fn of_training(conn: &mut AnyConnection, tenant: &str, training: &str) -> QueryResult<Vec<CertificateRow>> {
    on_engine!(conn, |e| c::table
        .filter(c::tenant_id.eq(tenant))
        .filter(c::training_id.eq(training))
        .order(c::id)
        .load(e))
}

pub fn of_participant(conn: &mut AnyConnection, tenant: &str, participant: &str) -> QueryResult<Vec<CertificateRow>> {
    on_engine!(conn, |e| c::table
        .filter(c::tenant_id.eq(tenant))
        .filter(c::participant_id.eq(participant))
        .order(c::id)
        .load(e))
}

/// The valid (not revoked) certificates of people who represent `organisation`.
pub fn valid_of_organisation(
    conn: &mut AnyConnection,
    tenant: &str,
    organisation: &str,
) -> QueryResult<Vec<CertificateRow>> {
    let members = p::table.filter(p::tenant_id.eq(tenant)).filter(p::organisation_id.eq(organisation)).select(p::id);
    on_engine!(conn, |e| c::table
        .filter(c::tenant_id.eq(tenant))
        .filter(c::participant_id.eq_any(members))
        .filter(c::revoked_at.is_null())
        .order(c::id)
        .load(e))
}

pub fn find(conn: &mut AnyConnection, tenant: &str, training: &str, id: &str) -> QueryResult<Option<CertificateRow>> {
    on_engine!(conn, |e| c::table
        .filter(c::tenant_id.eq(tenant))
        .filter(c::training_id.eq(training))
        .filter(c::id.eq(id))
        .first(e)
        .optional())
}

pub fn by_code(conn: &mut AnyConnection, tenant: &str, code: &str) -> QueryResult<Option<CertificateRow>> {
    on_engine!(conn, |e| c::table.filter(c::tenant_id.eq(tenant)).filter(c::code.eq(code)).first(e).optional())
}

#[derive(QueryableByName)]
struct TenantOfCode {
    #[diesel(sql_type = Nullable<Text>)]
    tenant: Option<String>,
}

/// The tenant a code belongs to. On PostgreSQL the service role cannot read other
/// tenants' codes: it asks `certificate_tenant(code)`, a function that runs as the
/// tables' owner and answers for one exact code (migration
/// 2026-11-30-000001_certificate_lookup). SQLite has no such wall to pass.
pub fn tenant_of_code(conn: &mut AnyConnection, code: &str) -> QueryResult<Option<String>> {
    match conn {
        AnyConnection::Postgresql(c) => diesel::sql_query("SELECT certificate_tenant($1) AS tenant")
            .bind::<Text, _>(code)
            .get_result::<TenantOfCode>(c)
            .map(|t| t.tenant),
        AnyConnection::Sqlite(c) => k::table.filter(k::code.eq(code)).select(k::tenant_id).first(c).optional(),
    }
}

pub fn revoke(conn: &mut AnyConnection, tenant: &str, id: &str, at: NaiveDateTime, reason: &str) -> QueryResult<()> {
    let target = c::table.filter(c::tenant_id.eq(tenant)).filter(c::id.eq(id));
    let values = (c::revoked_at.eq(Some(at)), c::revocation_reason.eq(Some(reason)));
    on_engine!(conn, |e| diesel::update(target).set(values).execute(e)).map(|_| ())
}

/// Erasure: the participant's certificates no longer print a name nor keep the
/// reason they were revoked for (it may name the person); their ids.
pub fn erase_names(conn: &mut AnyConnection, tenant: &str, participant: &str) -> QueryResult<Vec<String>> {
    let of_participant = c::table.filter(c::tenant_id.eq(tenant)).filter(c::participant_id.eq(participant));
    let blank = (c::holder_name.eq(None::<String>), c::revocation_reason.eq(None::<String>));
    on_engine!(conn, |e| {
        diesel::update(of_participant).set(blank).execute(e)?;
        of_participant.select(c::id).load(e)
    })
}
