//! An application's moves from state to state: recorded when made (with the
//! audit trail), listed as its history.

use super::status::ApplicationStatus;
use super::types::ApplicationRow;
use crate::schema::transitions as t;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::auth::Actor;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::text::{code_of, parse_code};
use modal_kit::{audit, ApiError};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = t)]
struct TransitionRow {
    tenant_id: String,
    id: String,
    application_id: String,
    from_status: String,
    to_status: String,
    reason: Option<String>,
    actor: String,
    at: NaiveDateTime,
}

/// One move of an application.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Transition {
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub reason: Option<String>,
    /// Who made it (the token's `sub`).
    pub actor: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub at: DateTime<Utc>,
}

/// Moves `row` to `to`: the row's status and stamp change (the caller writes the
/// row), the move is recorded with its reason, in the audit trail too.
pub fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    row: &mut ApplicationRow,
    to: ApplicationStatus,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let from = row.status.clone();
    let next = row.stamp().next(actor);
    row.status = code_of(&to);
    (row.version, row.updated_at, row.updated_by) = (next.version, next.updated_at, next.updated_by);
    let record = TransitionRow {
        tenant_id: actor.tenant.clone(),
        id: uuid::Uuid::now_v7().to_string(),
        application_id: row.id.clone(),
        from_status: from.clone(),
        to_status: row.status.clone(),
        reason: reason.map(str::to_string),
        actor: actor.subject.clone(),
        at: next.updated_at,
    };
    on_engine!(conn, |c| diesel::insert_into(t::table).values(&record).execute(c))?;
    let changes = json!({ "status": [from, row.status], "reason": reason });
    audit::record(conn, actor, "status", ("application", &row.id), changes)
}

pub fn of_application(conn: &mut AnyConnection, tenant: &str, application: &str) -> Result<Vec<Transition>, ApiError> {
    let rows: Vec<TransitionRow> = on_engine!(conn, |c| t::table
        .filter(t::tenant_id.eq(tenant))
        .filter(t::application_id.eq(application))
        .order(t::id)
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Transition {
                from: parse_code(&r.from_status)?,
                to: parse_code(&r.to_status)?,
                reason: r.reason,
                actor: r.actor,
                at: r.at.and_utc(),
            })
        })
        .collect())
}
