//! The framework as a person reads it for a period: each result with its
//! indicators' baseline, target and actual — computed from the snapshots, or the
//! approved manual value — per tenant; and the programme's, each indicator summed
//! across tenants (targets and counts add up; a percentage's target does not, so
//! the programme shows none).

use super::store;
use super::types::*;
use crate::indicators::catalogue::definition;
use crate::indicators::report::{programme_report, tenant_report};
use crate::indicators::value::{IndicatorValue, Unit};
use crate::periods::{PeriodInfo, PeriodQuery, ReportPeriod};
use crate::roles::READERS;
use actix_web::{get, web, HttpResponse};
use modal_kit::auth::{ProgrammeScope, TenantScope};
use modal_kit::db::Db;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FrameworkIndicator {
    #[serde(flatten)]
    pub indicator: IndicatorAnswer,
    /// A computed indicator's unit (a manual one is in the partner's own).
    pub unit: Option<Unit>,
    pub target: Option<i64>,
    /// Computed, or the approved manual value; `null` otherwise.
    pub actual: Option<i64>,
    /// A manual indicator's value for the period, whatever its state.
    pub reported: Option<ValueAnswer>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FrameworkResult {
    #[serde(flatten)]
    pub result: ResultAnswer,
    pub indicators: Vec<FrameworkIndicator>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TenantFramework {
    pub tenant: String,
    pub period: PeriodInfo,
    pub results: Vec<FrameworkResult>,
}

#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct TargetActual {
    pub target: Option<i64>,
    pub actual: Option<i64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProgrammeLine {
    pub code: String,
    pub kind: IndicatorKind,
    pub title: String,
    pub unit: Option<Unit>,
    /// Summed over the tenants that set one (none for a percentage).
    pub target: Option<i64>,
    pub actual: Option<i64>,
    pub tenants: BTreeMap<String, TargetActual>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProgrammeFramework {
    pub period: PeriodInfo,
    pub lines: Vec<ProgrammeLine>,
}

async fn framework(
    db: &Db,
    tenant: &str,
    period: ReportPeriod,
    computed: &[IndicatorValue],
) -> Result<TenantFramework, ApiError> {
    let label = period.label();
    let (results, indicators, values) = db
        .read_in(tenant, move |c, t| {
            Ok((store::results(c, t)?, store::indicators(c, t)?, store::values_of_period(c, t, &label)?))
        })
        .await?;
    let label = period.label();
    let results = results
        .iter()
        .map(|r| FrameworkResult {
            result: ResultAnswer::from(r),
            indicators: indicators
                .iter()
                .filter(|i| i.result_id == r.id)
                .map(|i| {
                    let answer = IndicatorAnswer::from(i);
                    let reported = values.iter().find(|v| v.indicator_id == i.id).map(ValueAnswer::from);
                    let actual = match answer.kind {
                        IndicatorKind::Computed => computed.iter().find(|v| v.code == i.code).and_then(|v| v.value),
                        _ => reported.as_ref().filter(|v| v.status == ValueStatus::Approved).and_then(|v| v.value),
                    };
                    FrameworkIndicator {
                        unit: definition(&i.code).map(|d| d.unit),
                        target: answer.targets.get(&label).copied(),
                        actual,
                        reported,
                        indicator: answer,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(TenantFramework { tenant: tenant.to_string(), period: period.into(), results })
}

/// The tenant's framework for a period: targets and actuals.
#[utoipa::path(tag = "framework", params(PeriodQuery),
    responses((status = 200, description = "The framework", body = TenantFramework)))]
#[get("/v1/tenants/{tenant}/framework")]
pub async fn get_tenant_framework(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let period = query.check()?;
    let report = tenant_report(&db, scope.id(), period).await?;
    Ok(HttpResponse::Ok().json(framework(&db, scope.id(), period, &report.indicators).await?))
}

/// The programme's framework for a period: each indicator summed across the tenants.
#[utoipa::path(tag = "framework", params(PeriodQuery),
    responses((status = 200, description = "The programme's framework", body = ProgrammeFramework)))]
#[get("/v1/programme/framework")]
pub async fn get_programme_framework(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.check()?;
    let ids = scope.ids();
    let report = programme_report(&db, &ids, period).await?;
    let mut lines: BTreeMap<String, ProgrammeLine> = BTreeMap::new();
    for tenant in &report.tenants {
        let fw = framework(&db, &tenant.tenant, period, &tenant.indicators).await?;
        for i in fw.results.iter().flat_map(|r| &r.indicators) {
            let line = lines.entry(i.indicator.code.clone()).or_insert_with(|| ProgrammeLine {
                code: i.indicator.code.clone(),
                kind: i.indicator.kind,
                title: i.indicator.title.clone(),
                unit: i.unit,
                target: None,
                actual: None,
                tenants: BTreeMap::new(),
            });
            let mine = line.tenants.entry(tenant.tenant.clone()).or_default();
            mine.target = add(mine.target, i.target);
            mine.actual = mine.actual.or(i.actual);
        }
    }
    for line in lines.values_mut() {
        line.target = match line.unit {
            Some(Unit::PercentTenths) => None,
            _ => line.tenants.values().fold(None, |sum, t| add(sum, t.target)),
        };
        line.actual = match line.kind {
            IndicatorKind::Computed => report.total.iter().find(|v| v.code == line.code).and_then(|v| v.value),
            _ => line.tenants.values().fold(None, |sum, t| add(sum, t.actual)),
        };
    }
    Ok(HttpResponse::Ok().json(ProgrammeFramework { period: period.into(), lines: lines.into_values().collect() }))
}

fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    }
}
