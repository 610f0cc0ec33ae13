//! A snapshot as stored, and as answers show it.

use crate::periods::ReportPeriod;
use crate::schema::snapshots;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = snapshots, check_for_backend(modal_kit::db::MultiBackend))]
pub struct SnapshotRow {
    pub tenant_id: String,
    pub id: String,
    /// `registry`, `training` or `funding`; or `funding-projects` (the funded
    /// projects, period `all`: see `projects`).
    pub service: String,
    /// The period's label (`2021`, `2021-Q3`).
    pub period: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// When the service was asked (a later answer never hides a fresher one).
    pub taken_at: NaiveDateTime,
    pub service_version: String,
    /// `schedule` or the subject who asked for it.
    pub trigger: String,
    /// The service's answer, as it came (JSON).
    pub figures: String,
}

impl SnapshotRow {
    pub fn new(tenant: &str, service: &str, period: ReportPeriod, taken_at: NaiveDateTime) -> SnapshotRow {
        SnapshotRow {
            tenant_id: tenant.to_string(),
            id: uuid::Uuid::now_v7().to_string(),
            service: service.to_string(),
            period: period.label(),
            period_from: period.first_day(),
            period_to: period.last_day(),
            taken_at,
            service_version: String::new(),
            trigger: String::new(),
            figures: String::new(),
        }
    }
}

/// Where a report's figures come from: a service's latest snapshot for the period.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Source {
    pub service: String,
    pub period: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub taken_at: DateTime<Utc>,
    /// Seconds between the snapshot and this answer.
    pub age_seconds: i64,
    pub service_version: String,
    pub trigger: String,
}

impl Source {
    pub fn of(row: &SnapshotRow, now: DateTime<Utc>) -> Source {
        Source {
            service: row.service.clone(),
            period: row.period.clone(),
            taken_at: row.taken_at.and_utc(),
            age_seconds: (now - row.taken_at.and_utc()).num_seconds().max(0),
            service_version: row.service_version.clone(),
            trigger: row.trigger.clone(),
        }
    }
}

/// Gather a year's figures now: the year and its four quarters, from each service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GatherInput {
    #[schema(minimum = 2000, maximum = 2100, example = 2021)]
    pub year: i32,
}

/// A service that could not be read; its previous snapshots stay the latest.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Failure {
    pub tenant: String,
    pub service: String,
    pub problem: String,
}

#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct Gathered {
    pub taken: Vec<Source>,
    pub failed: Vec<Failure>,
}
