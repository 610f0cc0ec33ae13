//! Recorded checks, each starting from the tenant.

use super::rules::{Outcome, Rule};
use crate::schema::eligibility_checks as e;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::auth::Actor;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::text::{code_of, parse_code};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = e)]
struct CheckRow {
    tenant_id: String,
    id: String,
    application_id: String,
    rule: String,
    passed: bool,
    facts: String,
    checked_at: NaiveDateTime,
    checked_by: String,
}

/// A check as recorded: the rule, its outcome, the facts read, when and by whom.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Check {
    pub rule: Rule,
    pub passed: bool,
    #[schema(value_type = Object)]
    pub facts: Value,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub checked_at: DateTime<Utc>,
    pub checked_by: String,
}

pub fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    application: &str,
    outcomes: &[Outcome],
    at: NaiveDateTime,
) -> QueryResult<()> {
    for o in outcomes {
        let row = CheckRow {
            tenant_id: actor.tenant.clone(),
            id: uuid::Uuid::now_v7().to_string(),
            application_id: application.to_string(),
            rule: code_of(&o.rule),
            passed: o.passed,
            facts: o.facts.to_string(),
            checked_at: at,
            checked_by: actor.subject.clone(),
        };
        on_engine!(conn, |c| diesel::insert_into(e::table).values(&row).execute(c))?;
    }
    Ok(())
}

/// The checks of the latest run on an application (empty if none ran).
pub fn latest(conn: &mut AnyConnection, tenant: &str, application: &str) -> QueryResult<Vec<Check>> {
    let rows: Vec<CheckRow> = on_engine!(conn, |c| e::table
        .filter(e::tenant_id.eq(tenant))
        .filter(e::application_id.eq(application))
        .order(e::id.desc())
        .limit(50)
        .load(c))?;
    let Some(last) = rows.first().map(|r| r.checked_at) else { return Ok(Vec::new()) };
    Ok(rows
        .into_iter()
        .filter(|r| r.checked_at == last)
        .rev()
        .filter_map(|r| {
            Some(Check {
                rule: parse_code(&r.rule)?,
                passed: r.passed,
                facts: serde_json::from_str(&r.facts).unwrap_or(Value::Null),
                checked_at: r.checked_at.and_utc(),
                checked_by: r.checked_by,
            })
        })
        .collect())
}
