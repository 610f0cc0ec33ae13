//! Queries on applications and their revisions, each starting from the tenant.

use super::types::{ApplicationFilter, ApplicationRow};
use crate::schema::{application_revisions as r, applications as a};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::code_of;

pub fn insert(conn: &mut AnyConnection, row: &ApplicationRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(a::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<ApplicationRow>> {
    on_engine!(conn, |c| a::table.filter(a::tenant_id.eq(tenant)).filter(a::id.eq(id)).first(c).optional())
}

/// A page of applications; only `applicant`'s when given (an applicant's view).
pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    applicant: Option<&str>,
    f: &ApplicationFilter,
    window: &Window,
) -> QueryResult<Vec<ApplicationRow>> {
    on_engine!(conn, |c| {
        let mut q = a::table.filter(a::tenant_id.eq(tenant)).into_boxed();
        if let Some(org) = applicant {
            q = q.filter(a::applicant_id.eq(org));
        }
        if let Some(call) = &f.call_id {
            q = q.filter(a::call_id.eq(call));
        }
        if let Some(status) = &f.status {
            q = q.filter(a::status.eq(code_of(status)));
        }
        if let Some(after) = &window.after {
            q = q.filter(a::id.gt(after.clone()));
        }
        q.order(a::id).limit(window.fetch()).load(c)
    })
}

/// Every application of a call.
pub fn of_call(conn: &mut AnyConnection, tenant: &str, call: &str) -> QueryResult<Vec<ApplicationRow>> {
    on_engine!(conn, |c| a::table.filter(a::tenant_id.eq(tenant)).filter(a::call_id.eq(call)).order(a::id).load(c))
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &ApplicationRow, expected: i32) -> QueryResult<usize> {
    let target =
        a::table.filter(a::tenant_id.eq(&row.tenant_id)).filter(a::id.eq(&row.id)).filter(a::version.eq(expected));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}

/// Keeps the applicant's kind as the registry last gave it (a fact read for the
/// statistics, not something the applicant wrote: no new version).
pub fn note_kind(conn: &mut AnyConnection, tenant: &str, id: &str, kind: &str) -> QueryResult<usize> {
    let target = a::table.filter(a::tenant_id.eq(tenant)).filter(a::id.eq(id));
    on_engine!(conn, |c| diesel::update(target).set(a::applicant_kind.eq(kind)).execute(c))
}

/// Keeps the tally of the application's submitted reviews.
pub fn record_tally(
    conn: &mut AnyConnection,
    tenant: &str,
    id: &str,
    t: &crate::reviews::rules::Tally,
) -> QueryResult<usize> {
    let target = a::table.filter(a::tenant_id.eq(tenant)).filter(a::id.eq(id));
    let values = (
        a::reviews_submitted.eq(t.reviews),
        a::score_millis.eq(t.score_millis),
        a::recommend_fund.eq(t.fund),
        a::recommend_maybe.eq(t.maybe),
        a::recommend_do_not_fund.eq(t.do_not_fund),
    );
    on_engine!(conn, |c| diesel::update(target).set(values).execute(c))
}

/// Locks the application until the transaction ends (payments, reports).
pub fn lock(conn: &mut AnyConnection, tenant: &str, id: &str) -> Result<bool, modal_kit::ApiError> {
    modal_kit::db::lock_row(conn, "applications", tenant, id)
}

/// A submitted revision: its number, what it said, when and by whom.
#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = r)]
pub struct RevisionRow {
    pub tenant_id: String,
    pub application_id: String,
    pub number: i32,
    pub content: String,
    pub submitted_at: NaiveDateTime,
    pub submitted_by: String,
}

pub fn insert_revision(conn: &mut AnyConnection, row: &RevisionRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(r::table).values(row).execute(c)).map(|_| ())
}

pub fn revisions(conn: &mut AnyConnection, tenant: &str, application: &str) -> QueryResult<Vec<RevisionRow>> {
    on_engine!(conn, |c| r::table
        .filter(r::tenant_id.eq(tenant))
        .filter(r::application_id.eq(application))
        .order(r::number)
        .load(c))
}
