//! Queries on trainings and their days, each starting from the tenant.

use super::types::{TrainingFilter, TrainingRow};
use crate::schema::{attendance as a, training_days as d, trainings as t};
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

pub fn insert(conn: &mut AnyConnection, row: &TrainingRow, days: &[NaiveDate]) -> QueryResult<()> {
    diesel::insert_into(t::table).values(row).execute(conn)?;
    add_days(conn, &row.tenant_id, &row.id, days)
}

/// One insert per day: diesel's multi-row insert is not available through the
/// two-engine connection, and a training has at most 60 days.
fn add_days(conn: &mut AnyConnection, tenant: &str, training: &str, days: &[NaiveDate]) -> QueryResult<()> {
    for day in days {
        diesel::insert_into(d::table)
            .values((d::tenant_id.eq(tenant), d::training_id.eq(training), d::day.eq(day)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn find(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<TrainingRow>> {
    on_engine!(conn, |c| t::table.filter(t::tenant_id.eq(tenant)).filter(t::id.eq(id)).first(c).optional())
}

pub fn list(
    conn: &mut AnyConnection,
    tenant: &str,
    f: &TrainingFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<TrainingRow>> {
    let mut q = t::table.filter(t::tenant_id.eq(tenant)).into_boxed();
    if let Some(from) = f.from {
        q = q.filter(t::end_date.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(t::start_date.le(to));
    }
    if let Some(after) = after {
        q = q.filter(t::id.gt(after.to_string()));
    }
    q.order(t::id).limit(limit + 1).load(conn)
}

pub fn replace(conn: &mut AnyConnection, row: &TrainingRow, expected: i32) -> QueryResult<bool> {
    let target =
        t::table.filter(t::tenant_id.eq(&row.tenant_id)).filter(t::id.eq(&row.id)).filter(t::version.eq(expected));
    Ok(diesel::update(target).set(row).execute(conn)? == 1)
}

/// Moves the training's days to `days`; false if attendance was marked on a day
/// that would disappear (the dates cannot then change).
pub fn set_days(conn: &mut AnyConnection, tenant: &str, training: &str, days: &[NaiveDate]) -> QueryResult<bool> {
    let marked_outside: i64 = a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::training_id.eq(training))
        .filter(a::day.ne_all(days.to_vec()))
        .select(count_star())
        .first(conn)?;
    if marked_outside > 0 {
        return Ok(false);
    }
    let current: Vec<NaiveDate> =
        d::table.filter(d::tenant_id.eq(tenant)).filter(d::training_id.eq(training)).select(d::day).load(conn)?;
    diesel::delete(
        d::table
            .filter(d::tenant_id.eq(tenant))
            .filter(d::training_id.eq(training))
            .filter(d::day.ne_all(days.to_vec())),
    )
    .execute(conn)?;
    let new: Vec<NaiveDate> = days.iter().copied().filter(|day| !current.contains(day)).collect();
    add_days(conn, tenant, training, &new)?;
    Ok(true)
}
