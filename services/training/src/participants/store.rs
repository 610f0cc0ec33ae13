//! Queries on participants, each starting from the tenant.

use super::types::{AttendanceMode, ParticipantRow, ParticipantStatus};
use crate::schema::participants as p;
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::code_of;

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>);

pub fn insert(conn: &mut AnyConnection, row: &ParticipantRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(p::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, training: &str, id: &str) -> QueryResult<Option<ParticipantRow>> {
    on_engine!(conn, |c| p::table
        .filter(p::tenant_id.eq(tenant))
        .filter(p::training_id.eq(training))
        .filter(p::id.eq(id))
        .first(c)
        .optional())
}

pub fn of_training(conn: &mut AnyConnection, tenant: &str, training: &str) -> QueryResult<Vec<ParticipantRow>> {
    on_engine!(conn, |c| p::table
        .filter(p::tenant_id.eq(tenant))
        .filter(p::training_id.eq(training))
        .order(p::id)
        .load(c))
}

pub fn page(
    conn: &mut AnyConnection,
    tenant: &str,
    training: &str,
    window: &Window,
) -> QueryResult<Vec<ParticipantRow>> {
    on_engine!(conn, |c| {
        let mut q = p::table.filter(p::tenant_id.eq(tenant)).filter(p::training_id.eq(training)).into_boxed();
        if let Some(after) = &window.after {
            q = q.filter(p::id.gt(after.clone()));
        }
        q.order(p::id).limit(window.fetch()).load(c)
    })
}

/// On-site seats taken in a training (cancelled enrolments free theirs), not
/// counting the participant `except` (one being changed).
pub fn seats_taken(conn: &mut AnyConnection, tenant: &str, training: &str, except: Option<&str>) -> QueryResult<i64> {
    let (on_site, cancelled) = (code_of(&AttendanceMode::OnSite), code_of(&ParticipantStatus::Cancelled));
    on_engine!(conn, |c| {
        let mut q = p::table
            .filter(p::tenant_id.eq(tenant))
            .filter(p::training_id.eq(training))
            .filter(p::mode.eq(&on_site))
            .filter(p::status.ne(&cancelled))
            .into_boxed();
        if let Some(id) = except {
            q = q.filter(p::id.ne(id));
        }
        q.select(count_star()).first(c)
    })
}

/// Every enrolment of the same person in the tenant: the record `row` itself and
/// those with the same email (whatever its case) or the same phone. (Stored
/// contacts are never empty, so a person without one matches nobody by it.)
pub fn of_person(conn: &mut AnyConnection, row: &ParticipantRow) -> QueryResult<Vec<ParticipantRow>> {
    let email = row.email.as_deref().map(str::to_lowercase).unwrap_or_default();
    let phone = row.phone.clone().unwrap_or_default();
    on_engine!(conn, |c| p::table
        .filter(p::tenant_id.eq(&row.tenant_id))
        .filter(p::id.eq(&row.id).or(lower(p::email).eq(&email)).or(p::phone.eq(&phone)))
        .order(p::id)
        .load(c))
}

/// The enrolment `id` of the tenant, whatever its training.
pub fn in_tenant(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<ParticipantRow>> {
    on_engine!(conn, |c| p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id)).first(c).optional())
}

/// The enrolments of the tenant among `ids` or linked by hand to one of them
/// (their `person_id` is one of `ids`).
pub fn linked_to(conn: &mut AnyConnection, tenant: &str, ids: &[String]) -> QueryResult<Vec<ParticipantRow>> {
    on_engine!(conn, |c| p::table
        .filter(p::tenant_id.eq(tenant))
        .filter(p::id.eq_any(ids).or(p::person_id.eq_any(ids)))
        .order(p::id)
        .load(c))
}

/// Links every enrolment of `group` to the person `key` (an enrolment's id).
pub fn link(conn: &mut AnyConnection, tenant: &str, group: &[String], key: &str) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq_any(group)))
        .set((p::person_id.eq(key), p::version.eq(p::version + 1)))
        .execute(c))
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &ParticipantRow, expected: i32) -> QueryResult<usize> {
    let target =
        p::table.filter(p::tenant_id.eq(&row.tenant_id)).filter(p::id.eq(&row.id)).filter(p::version.eq(expected));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}
