//! Queries on attendance marks, each starting from the tenant.

use super::rules;
use super::types::{AttendanceSheet, AttendanceStatus, Mark};
use crate::participants::store as participants;
use crate::schema::attendance as a;
use crate::trainings::{handlers::not_found as no_training, store as trainings, types::TrainingRow};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::text::{code_of, parse_code};
use modal_kit::ApiError;

fn marks(rows: Vec<(String, NaiveDate, String)>) -> Vec<Mark> {
    rows.into_iter()
        .filter_map(|(participant_id, day, s)| Some(Mark { participant_id, day, status: parse_code(&s)? }))
        .collect()
}

/// Every mark of one participant, by day.
pub fn marks_of(conn: &mut AnyConnection, tenant: &str, participant: &str) -> QueryResult<Vec<Mark>> {
    let rows = on_engine!(conn, |c| a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::participant_id.eq(participant))
        .select((a::participant_id, a::day, a::status))
        .order(a::day)
        .load(c))?;
    Ok(marks(rows))
}

/// Sets one participant's mark for a day, replacing any earlier one (delete then
/// insert: the same statements on both engines, where an upsert would not be).
pub fn set_mark(
    conn: &mut AnyConnection,
    (tenant, training, actor): (&str, &str, &str),
    participant: &str,
    day: NaiveDate,
    status: AttendanceStatus,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let earlier =
        a::table.filter(a::tenant_id.eq(tenant)).filter(a::participant_id.eq(participant)).filter(a::day.eq(day));
    let row = (
        a::tenant_id.eq(tenant),
        a::participant_id.eq(participant),
        a::training_id.eq(training),
        a::day.eq(day),
        a::status.eq(code_of(&status)),
        a::marked_by.eq(actor),
        a::marked_at.eq(at),
    );
    on_engine!(conn, |c| {
        diesel::delete(earlier).execute(c)?;
        diesel::insert_into(a::table).values(row).execute(c)
    })?;
    Ok(())
}

/// The sheet of a training, with the training itself.
pub fn sheet(
    conn: &mut AnyConnection,
    tenant: &str,
    training: &str,
) -> Result<(TrainingRow, AttendanceSheet), ApiError> {
    let t = trainings::find(conn, tenant, training)?.ok_or_else(no_training)?;
    let rows = on_engine!(conn, |c| a::table
        .filter(a::tenant_id.eq(tenant))
        .filter(a::training_id.eq(training))
        .select((a::participant_id, a::day, a::status))
        .load(c))?;
    let people = participants::of_training(conn, tenant, training)?;
    let sheet = rules::sheet(training, t.days(), people, marks(rows));
    Ok((t, sheet))
}
