//! Queries on the framework's tables, each starting from the tenant.

use super::types::{IndicatorRow, ResultRow, ValueRow};
use crate::schema::{manual_values as mv, result_indicators as ri, results as r};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;

/// A framework is small (tens of results): read whole, capped.
const MAX_ROWS: i64 = 2_000;

pub fn insert_result(conn: &mut AnyConnection, row: &ResultRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(r::table).values(row).execute(c)).map(|_| ())
}

pub fn find_result(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<ResultRow>> {
    on_engine!(conn, |c| r::table.filter(r::tenant_id.eq(tenant)).filter(r::id.eq(id)).first(c).optional())
}

pub fn results(conn: &mut AnyConnection, tenant: &str) -> QueryResult<Vec<ResultRow>> {
    on_engine!(conn, |c| r::table.filter(r::tenant_id.eq(tenant)).order(r::id).limit(MAX_ROWS).load(c))
}

pub fn replace_result(conn: &mut AnyConnection, row: &ResultRow, expected: i32) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(
        r::table.filter(r::tenant_id.eq(&row.tenant_id)).filter(r::id.eq(&row.id)).filter(r::version.eq(expected)),
    )
    .set(row)
    .execute(c))
}

pub fn insert_indicator(conn: &mut AnyConnection, row: &IndicatorRow) -> QueryResult<()> {
    on_engine!(conn, |c| diesel::insert_into(ri::table).values(row).execute(c)).map(|_| ())
}

pub fn find_indicator(conn: &mut AnyConnection, tenant: &str, id: &str) -> QueryResult<Option<IndicatorRow>> {
    on_engine!(conn, |c| ri::table.filter(ri::tenant_id.eq(tenant)).filter(ri::id.eq(id)).first(c).optional())
}

pub fn indicators(conn: &mut AnyConnection, tenant: &str) -> QueryResult<Vec<IndicatorRow>> {
    on_engine!(conn, |c| ri::table.filter(ri::tenant_id.eq(tenant)).order(ri::id).limit(MAX_ROWS).load(c))
}

pub fn replace_indicator(conn: &mut AnyConnection, row: &IndicatorRow, expected: i32) -> QueryResult<usize> {
    on_engine!(conn, |c| diesel::update(
        ri::table.filter(ri::tenant_id.eq(&row.tenant_id)).filter(ri::id.eq(&row.id)).filter(ri::version.eq(expected)),
    )
    .set(row)
    .execute(c))
}

pub fn find_value(
    conn: &mut AnyConnection,
    tenant: &str,
    indicator: &str,
    period: &str,
) -> QueryResult<Option<ValueRow>> {
    on_engine!(conn, |c| mv::table
        .filter(mv::tenant_id.eq(tenant))
        .filter(mv::indicator_id.eq(indicator))
        .filter(mv::period.eq(period))
        .first(c)
        .optional())
}

/// Every manual value of a period, whatever its state.
pub fn values_of_period(conn: &mut AnyConnection, tenant: &str, period: &str) -> QueryResult<Vec<ValueRow>> {
    on_engine!(conn, |c| mv::table
        .filter(mv::tenant_id.eq(tenant))
        .filter(mv::period.eq(period))
        .limit(MAX_ROWS)
        .load(c))
}

/// Writes a new value, or the next version of one.
pub fn save_value(conn: &mut AnyConnection, row: &ValueRow, is_new: bool) -> QueryResult<()> {
    if is_new {
        return on_engine!(conn, |c| diesel::insert_into(mv::table).values(row).execute(c)).map(|_| ());
    }
    on_engine!(conn, |c| diesel::update(mv::table.filter(mv::tenant_id.eq(&row.tenant_id)).filter(mv::id.eq(&row.id)))
        .set(row)
        .execute(c))
    .map(|_| ())
}
