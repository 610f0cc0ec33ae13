//! Queries on grants and tranches, each starting from the tenant; and the grant
//! as answered, with what was paid and reported tranche by tranche.

use super::rules;
use super::types::*;
use crate::applications::access::{self, Reader};
use crate::applications::types::ApplicationRow;
use crate::disbursements::store as disbursements;
use crate::reports::store as reports;
use crate::schema::{applications as a, grants as g, tranches as t};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::parse_code;
use modal_kit::ApiError;

pub fn insert(conn: &mut AnyConnection, grant: &GrantRow, tranches: &[TrancheRow]) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(g::table).values(grant).execute(c))?;
    for tranche in tranches {
        on_engine!(conn, |c| diesel::insert_into(t::table).values(tranche).execute(c))?;
    }
    Ok(())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<GrantRow>> {
    on_engine!(conn, |c| g::table.filter(g::tenant_id.eq(tenant)).filter(g::id.eq(id)).first(c).optional())
}

pub fn of_application(conn: &mut AnyConnection, tenant: &str, application: &str) -> QueryResult<Option<GrantRow>> {
    on_engine!(conn, |c| g::table
        .filter(g::tenant_id.eq(tenant))
        .filter(g::application_id.eq(application))
        .first(c)
        .optional())
}

/// A page of grants; only those of `applicant`'s applications when given.
pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    applicant: Option<&str>,
    f: &GrantFilter,
    window: &Window,
) -> QueryResult<Vec<GrantRow>> {
    on_engine!(conn, |c| {
        let mut q = g::table.filter(g::tenant_id.eq(tenant)).into_boxed();
        if let Some(org) = applicant {
            let theirs =
                a::table.filter(a::tenant_id.eq(tenant)).filter(a::applicant_id.eq(org.to_string())).select(a::id);
            q = q.filter(g::application_id.eq_any(theirs));
        }
        if let Some(app) = &f.application_id {
            q = q.filter(g::application_id.eq(app));
        }
        if let Some(after) = &window.after {
            q = q.filter(g::id.gt(after.clone()));
        }
        q.order(g::id).limit(window.fetch()).load(c)
    })
}

pub fn tranches(conn: &mut AnyConnection, tenant: &str, grant: &str) -> QueryResult<Vec<TrancheRow>> {
    on_engine!(conn, |c| t::table
        .filter(t::tenant_id.eq(tenant))
        .filter(t::grant_id.eq(grant))
        .order(t::number)
        .load(c))
}

/// The tranche `number` of a grant.
pub fn tranche(conn: &mut AnyConnection, tenant: &str, grant: &str, number: i32) -> Result<TrancheRow, ApiError> {
    let found: Option<TrancheRow> = on_engine!(conn, |c| t::table
        .filter(t::tenant_id.eq(tenant))
        .filter(t::grant_id.eq(grant))
        .filter(t::number.eq(number))
        .first(c)
        .optional())?;
    found.ok_or_else(|| ApiError::not_found("Tranche", "Tranche"))
}

pub fn replace(conn: &mut AnyConnection, row: &GrantRow, expected: i32) -> QueryResult<usize> {
    let target =
        g::table.filter(g::tenant_id.eq(&row.tenant_id)).filter(g::id.eq(&row.id)).filter(g::version.eq(expected));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}

/// Locks the grant until the transaction ends: payments and signatures on one
/// grant are made one after the other, so every remainder is counted once.
pub fn lock(conn: &mut AnyConnection, tenant: &str, id: &str) -> Result<bool, ApiError> {
    modal_kit::db::lock_row(conn, "grants", tenant, id)
}

pub fn not_found() -> ApiError {
    ApiError::not_found("Subvention", "Grant")
}

/// The grant `id` and its application, if `reader` may see them: staff, or the
/// applicant of that application (reviewers do not read grants).
pub fn visible(
    conn: &mut AnyConnection,
    tenant: &str,
    reader: &Reader,
    id: &str,
) -> Result<(GrantRow, ApplicationRow), ApiError> {
    if matches!(reader, Reader::Reviewer(_)) {
        return Err(not_found());
    }
    let grant = find(conn, tenant, id)?.ok_or_else(not_found)?;
    let app = access::find(conn, tenant, reader, &grant.application_id).map_err(|_| not_found())?;
    Ok((grant, app))
}

/// The grant as answered: its tranches with what was paid and reported on each.
pub fn view(conn: &mut AnyConnection, row: &GrantRow, app: &ApplicationRow) -> Result<Grant, ApiError> {
    let tenant = &row.tenant_id;
    let paid = disbursements::paid_by_tranche(conn, tenant, &row.id)?;
    let reported = reports::latest_by_tranche(conn, tenant, &row.id)?;
    let grant_paid: i64 = paid.values().sum();
    let tranches = tranches(conn, tenant, &row.id)?
        .into_iter()
        .map(|tr| {
            let tranche_paid = paid.get(&tr.id).copied().unwrap_or(0);
            Tranche {
                number: tr.number,
                amount: tr.amount,
                condition: tr.condition,
                due_on: tr.due_on,
                paid: tranche_paid,
                remaining: rules::remaining(tr.amount, tranche_paid, row.amount, grant_paid),
                report: reported.get(&tr.id).cloned(),
            }
        })
        .collect();
    Ok(Grant {
        id: row.id.clone(),
        application_id: row.application_id.clone(),
        applicant_id: app.applicant_id.clone(),
        amount: row.amount,
        currency: row.currency(),
        parties: row.parties(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        status: parse_code(&row.status).unwrap_or(GrantStatus::AwaitingSignatures),
        signed_by_applicant_at: row.signed_by_applicant_at.map(|t| t.and_utc()),
        signed_by_programme_at: row.signed_by_programme_at.map(|t| t.and_utc()),
        tranches,
        paid: grant_paid,
        remaining: (row.amount - grant_paid).max(0),
        version: row.version,
    })
}
