//! Queries on trainings and their days, each starting from the tenant.

use super::types::{TrainingFilter, TrainingRow};
use crate::schema::{attendance as a, training_days as d, trainings as t};
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::pagination::Window;
use modal_kit::period::Period;

pub fn insert(conn: &mut AnyConnection, row: &TrainingRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(t::table).values(row).execute(c))?;
    add_days(conn, &row.tenant_id, &row.id, &row.days())
}

/// One insert per day: diesel's multi-row insert is not available for SQLite
/// through a generic connection, and a training has at most 60 days.
fn add_days(conn: &mut AnyConnection, tenant: &str, training: &str, days: &[NaiveDate]) -> QueryResult<()> {
    for day in days {
        let row = (d::tenant_id.eq(tenant), d::training_id.eq(training), d::day.eq(day));
        on_engine!(conn, |c| diesel::insert_into(d::table).values(row).execute(c))?;
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
    window: &Window,
) -> QueryResult<Vec<TrainingRow>> {
    on_engine!(conn, |c| {
        let mut q = t::table.filter(t::tenant_id.eq(tenant)).into_boxed();
        if let Some(from) = f.from {
            q = q.filter(t::end_date.ge(from));
        }
        if let Some(to) = f.to {
            q = q.filter(t::start_date.le(to));
        }
        if let Some(after) = &window.after {
            q = q.filter(t::id.gt(after.clone()));
        }
        q.order(t::id).limit(window.fetch()).load(c)
    })
}

/// The ids of the trainings overlapping `period` (ending on or after its first
/// day, starting on or before its last), earliest first, at most `limit`.
pub fn in_period(conn: &mut AnyConnection, tenant: &str, period: Period, limit: i64) -> QueryResult<Vec<String>> {
    on_engine!(conn, |c| {
        let mut q = t::table.filter(t::tenant_id.eq(tenant)).into_boxed();
        if let Some(from) = period.from {
            q = q.filter(t::end_date.ge(from));
        }
        if let Some(to) = period.to {
            q = q.filter(t::start_date.le(to));
        }
        q.order((t::start_date, t::id)).select(t::id).limit(limit).load(c)
    })
}

/// Writes `row` where the stored version is still `expected`; the rows changed.
pub fn replace(conn: &mut AnyConnection, row: &TrainingRow, expected: i32) -> QueryResult<usize> {
    let target =
        t::table.filter(t::tenant_id.eq(&row.tenant_id)).filter(t::id.eq(&row.id)).filter(t::version.eq(expected));
    on_engine!(conn, |c| diesel::update(target).set(row).execute(c))
}

/// Moves the training's days to `days`; false if attendance was marked on a day
/// that would disappear (the dates cannot then change).
pub fn set_days(conn: &mut AnyConnection, tenant: &str, training: &str, days: &[NaiveDate]) -> QueryResult<bool> {
    let kept = days.to_vec();
    let marked_outside: i64 = on_engine!(conn, |c| a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::training_id.eq(training))
        .filter(a::day.ne_all(&kept))
        .select(count_star())
        .first(c))?;
    if marked_outside > 0 {
        return Ok(false);
    }
    let of_training = d::table.filter(d::tenant_id.eq(tenant)).filter(d::training_id.eq(training));
    let current: Vec<NaiveDate> = on_engine!(conn, |c| of_training.select(d::day).load(c))?;
    on_engine!(conn, |c| diesel::delete(of_training.filter(d::day.ne_all(&kept))).execute(c))?;
    let new: Vec<NaiveDate> = days.iter().copied().filter(|day| !current.contains(day)).collect();
    add_days(conn, tenant, training, &new)?;
    Ok(true)
}

/// Whether `day` is one of the training's days.
pub fn has_day(conn: &mut AnyConnection, tenant: &str, training: &str, day: NaiveDate) -> QueryResult<bool> {
    let n: i64 = on_engine!(conn, |c| d::table
        .filter(d::tenant_id.eq(tenant))
        .filter(d::training_id.eq(training))
        .filter(d::day.eq(day))
        .select(count_star())
        .first(c))?;
    Ok(n > 0)
}

/// Locks the training until the transaction ends, so that rules counting its
/// participants (on-site seats) hold under concurrent requests; false if unknown.
pub fn lock(conn: &mut AnyConnection, tenant: &str, id: &str) -> Result<bool, modal_kit::ApiError> {
    modal_kit::db::lock_row(conn, "trainings", tenant, id)
}
