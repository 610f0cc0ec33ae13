//! Queries on people, each starting from the tenant.

use super::types::{PeopleFilter, PersonRow};
use crate::schema::people as p;
use chrono::NaiveDate;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::text::code_of;

pub fn insert(conn: &mut AnyConnection, row: &PersonRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(p::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<PersonRow>> {
    on_engine!(conn, |c| p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id)).first(c).optional())
}

/// A page of an organisation's people; `today` decides who is `current`.
pub fn of_organisation(
    conn: &mut AnyConnection,
    tenant: &str,
    organisation: &str,
    f: &PeopleFilter,
    today: NaiveDate,
    window: &Window,
) -> QueryResult<Vec<PersonRow>> {
    on_engine!(conn, |c| {
        let mut q = p::table.filter(p::tenant_id.eq(tenant)).filter(p::organisation_id.eq(organisation)).into_boxed();
        match f.current {
            Some(true) => q = q.filter(p::ended_on.is_null().or(p::ended_on.ge(today))),
            Some(false) => q = q.filter(p::ended_on.lt(today)),
            None => {}
        }
        if let Some(role) = &f.role {
            q = q.filter(p::role.eq(code_of(role)));
        }
        if let Some(after) = &window.after {
            q = q.filter(p::id.gt(after.clone()));
        }
        q.order(p::id).limit(window.fetch()).load(c)
    })
}

/// Every record of the same person in the tenant: `row` and those sharing its
/// email or phone (a person can be treasurer of one organisation and member of another).
pub fn of_person(conn: &mut AnyConnection, row: &PersonRow) -> QueryResult<Vec<PersonRow>> {
    let (email, phone) = (row.email.clone().unwrap_or_default(), row.phone.clone().unwrap_or_default());
    on_engine!(conn, |c| p::table
        .filter(p::tenant_id.eq(&row.tenant_id))
        .filter(
            p::id.eq(&row.id).or(p::email.eq(&email).and(p::email.ne(""))).or(p::phone.eq(&phone).and(p::phone.ne("")))
        )
        .order(p::id)
        .load(c))
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &PersonRow, expected: i32) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(
        p::table.filter(p::tenant_id.eq(&row.tenant_id)).filter(p::id.eq(&row.id)).filter(p::version.eq(expected)),
    )
    .set(row)
    .execute(c))
}

pub fn delete(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::delete(p::table.filter(p::tenant_id.eq(tenant)).filter(p::id.eq(id))).execute(c))
        .map(|_| ())
}
