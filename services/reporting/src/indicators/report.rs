//! A report: a tenant's indicators for a period, read from its latest snapshots
//! and its outcome log, with each snapshot's age; and the programme's, the four
//! side by side and their total.

use super::catalogue::{compute, Inputs};
use super::rollup;
use super::value::IndicatorValue;
use crate::outcomes::store as outcomes;
use crate::periods::{PeriodInfo, ReportPeriod};
use crate::snapshots::store as snapshots;
use crate::snapshots::types::{SnapshotRow, Source};
use modal_kit::db::Db;
use modal_kit::ApiError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TenantReport {
    pub tenant: String,
    pub period: PeriodInfo,
    pub indicators: Vec<IndicatorValue>,
    /// The snapshot each service's figures come from, and its age.
    pub sources: Vec<Source>,
    /// Services never read for this period: their indicators are `null`.
    pub never_read: Vec<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProgrammeReport {
    pub period: PeriodInfo,
    pub tenants: Vec<TenantReport>,
    /// Recomputed from the tenants' counts (ratios from summed numerators and
    /// denominators).
    pub total: Vec<IndicatorValue>,
}

fn parse<T: serde::de::DeserializeOwned>(rows: &[SnapshotRow], service: &str) -> Option<T> {
    let row = rows.iter().find(|r| r.service == service)?;
    serde_json::from_str(&row.figures).ok()
}

/// The tenant's report for `period`, from what reporting holds (no service is asked).
pub async fn tenant_report(db: &Db, tenant: &str, period: ReportPeriod) -> Result<TenantReport, ApiError> {
    let (label, from, to) = (period.label(), period.first_day(), period.last_day());
    let (rows, tally) = db
        .read_in(tenant, move |c, t| Ok((snapshots::latest(c, t, &label)?, outcomes::tally(c, t, from, to)?)))
        .await?;
    let inputs = Inputs {
        registry: parse(&rows, "registry"),
        training: parse(&rows, "training"),
        funding: parse(&rows, "funding"),
        outcomes: tally,
    };
    let now = chrono::Utc::now();
    Ok(TenantReport {
        tenant: tenant.to_string(),
        period: period.into(),
        indicators: compute(&inputs),
        sources: rows.iter().map(|r| Source::of(r, now)).collect(),
        never_read: crate::peers::SOURCES
            .iter()
            .filter(|s| !rows.iter().any(|r| r.service == **s))
            .map(|s| s.to_string())
            .collect(),
    })
}

/// Every tenant's report, each read through that tenant's own connections, and the total.
pub async fn programme_report(db: &Db, tenants: &[String], period: ReportPeriod) -> Result<ProgrammeReport, ApiError> {
    let mut reports = Vec::with_capacity(tenants.len());
    for tenant in tenants {
        reports.push(tenant_report(db, tenant, period).await?);
    }
    let lists: Vec<Vec<IndicatorValue>> = reports.iter().map(|r| r.indicators.clone()).collect();
    Ok(ProgrammeReport { period: period.into(), total: rollup::total(&lists), tenants: reports })
}
