//! Queries on outcomes, each starting from the tenant.

use super::types::OutcomeRow;
use crate::schema::outcomes as o;
use chrono::NaiveDate;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use std::collections::BTreeMap;

pub fn insert(conn: &mut AnyConnection, row: &OutcomeRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(o::table).values(row).execute(c)).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<OutcomeRow>> {
    on_engine!(conn, |c| o::table.filter(o::tenant_id.eq(tenant)).filter(o::id.eq(id)).first(c).optional())
}

/// A page of the outcomes (dated `from..=to` when given), by id.
pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    days: Option<(NaiveDate, NaiveDate)>,
    window: &Window,
) -> QueryResult<Vec<OutcomeRow>> {
    on_engine!(conn, |c| {
        let mut q = o::table.filter(o::tenant_id.eq(tenant)).into_boxed();
        if let Some((from, to)) = days {
            q = q.filter(o::occurred_on.ge(from).and(o::occurred_on.le(to)));
        }
        if let Some(after) = &window.after {
            q = q.filter(o::id.gt(after.clone()));
        }
        q.order(o::id).limit(window.fetch()).load(c)
    })
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &OutcomeRow, expected: i32) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(
        o::table.filter(o::tenant_id.eq(&row.tenant_id)).filter(o::id.eq(&row.id)).filter(o::version.eq(expected)),
    )
    .set(row)
    .execute(c))
}

/// The outcomes dated `from..=to`: kind → (entries, declared members).
pub fn tally(
    conn: &mut AnyConnection,
    tenant: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<BTreeMap<String, (i64, i64)>> {
    let rows: Vec<(String, i64, Option<i64>)> = on_engine!(conn, |c| o::table
        .filter(o::tenant_id.eq(tenant))
        .filter(o::occurred_on.ge(from).and(o::occurred_on.le(to)))
        .group_by(o::kind)
        .select((o::kind, count_star(), sum(o::members)))
        .load(c))?;
    Ok(rows.into_iter().map(|(kind, n, members)| (kind, (n, members.unwrap_or(0)))).collect())
}
