//! One gathering: for each service, its release and its stats for each period,
//! then funding's projects (`funding-projects`, once for all the periods), asked
//! with one token, stored together per tenant. A service that fails is
//! named in the answer and its previous snapshots stay the latest; the others are
//! stored all the same.

use super::store;
use super::types::{Failure, Gathered, SnapshotRow, Source};
use crate::peers::{Peers, SOURCES};
use crate::periods::ReportPeriod;
use modal_kit::auth::Actor;
use modal_kit::db::Db;
use modal_kit::ApiError;

/// Gathers `periods` of `tenant` from every service, as the bearer of `token`.
/// `trigger` says who asked (`schedule`, or a subject) and is kept on each snapshot.
pub async fn gather(
    peers: &Peers,
    db: &Db,
    tenant: &str,
    periods: &[ReportPeriod],
    token: &str,
    trigger: &str,
) -> Result<Gathered, ApiError> {
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for service in SOURCES {
        match read_service(peers, service, tenant, periods, token).await {
            Ok(mut taken) => {
                taken.iter_mut().for_each(|row| row.trigger = trigger.to_string());
                rows.extend(taken);
            }
            Err(problem) => {
                tracing::warn!(tenant, service, problem = %problem, "gathering: service not read");
                failed.push(Failure {
                    tenant: tenant.to_string(),
                    service: service.to_string(),
                    problem: problem.to_string(),
                });
            }
        }
    }
    // The funded projects, once for the whole gathering (not per period).
    match super::projects::snapshot(peers, tenant, periods, token).await {
        Ok(mut row) => {
            row.trigger = trigger.to_string();
            rows.push(row);
        }
        Err(problem) => {
            tracing::warn!(tenant, service = super::projects::SOURCE, problem = %problem, "gathering: projects not read");
            failed.push(Failure {
                tenant: tenant.to_string(),
                service: super::projects::SOURCE.to_string(),
                problem: problem.to_string(),
            });
        }
    }
    let now = chrono::Utc::now();
    let taken = rows.iter().map(|row| Source::of(row, now)).collect();
    let actor = Actor { tenant: tenant.to_string(), subject: trigger.to_string() };
    if !rows.is_empty() {
        db.write_as(actor, move |c, _| Ok(store::insert(c, &rows)?)).await?;
    }
    Ok(Gathered { taken, failed })
}

/// One service's answers for every period, or its first failure (all or nothing,
/// so a report never mixes periods read at different releases by accident).
async fn read_service(
    peers: &Peers,
    service: &str,
    tenant: &str,
    periods: &[ReportPeriod],
    token: &str,
) -> Result<Vec<SnapshotRow>, ApiError> {
    let version = peers.version(service, token).await?;
    let mut rows = Vec::new();
    for period in periods {
        let taken_at = modal_kit::clock::now();
        let figures = peers.stats(service, tenant, period.first_day(), period.last_day(), token).await?;
        let mut row = SnapshotRow::new(tenant, service, *period, taken_at);
        row.service_version = version.clone();
        row.figures = figures.to_string();
        rows.push(row);
    }
    Ok(rows)
}
