//! The funded projects (source `funding-projects`): funding's list of grants with
//! their payments, each party completed with what the registry says of it now
//! (name, kind, country, registrations). The IATI export reads it.
//!
//! One snapshot per tenant per gathering, not per period: a project's dates are in
//! it, and the export picks from them. It is stored under the period label `all`,
//! its days those of the whole gathering, so that nothing reading the periods'
//! snapshots (`store::latest`) ever meets it.

use super::types::SnapshotRow;
use crate::peers::Peers;
use crate::periods::ReportPeriod;
use chrono::NaiveDate;
use modal_kit::ApiError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const SOURCE: &str = "funding-projects";
pub const PERIOD_LABEL: &str = "all";

/// A registration number, as the registry writes it (`ninea`, `005123456 2G3`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub scheme: String,
    pub value: String,
}

/// A party to a project: the agreement's name and country, replaced by the
/// registry's when it knows the organisation (`kind` is then set too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub country: String,
    /// The registry's kind (`local_association`, `diaspora_organisation`…).
    pub kind: Option<String>,
    pub registrations: Vec<Registration>,
    /// The registry's IATI identifier of the organisation, when it has one.
    pub iati_identifier: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Payment {
    /// Minor units of the project's currency.
    pub amount: i64,
    pub paid_on: NaiveDate,
}

/// One grant, as funding lists it (`GET /v1/tenants/{t}/stats/projects`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FundedProject {
    pub grant_id: String,
    pub application_id: String,
    pub call_id: String,
    pub call_title: String,
    pub title: String,
    pub summary: String,
    pub place: String,
    pub country: String,
    pub currency: String,
    pub amount: i64,
    pub committed_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub grant_status: String,
    pub application_status: String,
    pub applicant: Party,
    pub partner: Party,
    pub payments: Vec<Payment>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FundedProjects {
    pub projects: Vec<FundedProject>,
}

/// What the registry says of an organisation, of what the export uses.
#[derive(Clone, Deserialize)]
struct Facts {
    name: String,
    kind: String,
    country: String,
    #[serde(default)]
    registrations: Vec<Registration>,
    #[serde(default)]
    iati_identifier: Option<String>,
}

/// Funding's projects of `tenant`, each party completed from the registry (each
/// organisation asked once). Any failure fails the whole read.
pub async fn read(peers: &Peers, tenant: &str, token: &str) -> Result<FundedProjects, ApiError> {
    let mut list: FundedProjects = peers.funded_projects(tenant, token).await?;
    let mut known: HashMap<String, Option<Facts>> = HashMap::new();
    for project in &mut list.projects {
        for party in [&mut project.applicant, &mut project.partner] {
            if !known.contains_key(&party.id) {
                let facts = peers.organisation::<Facts>(tenant, &party.id, token).await?;
                known.insert(party.id.clone(), facts);
            }
            // An organisation the registry no longer shows keeps the agreement's facts.
            if let Some(Some(facts)) = known.get(&party.id).cloned() {
                party.name = facts.name;
                party.kind = Some(facts.kind);
                party.country = facts.country;
                party.registrations = facts.registrations;
                party.iati_identifier = facts.iati_identifier;
            }
        }
    }
    Ok(list)
}

/// The snapshot row of `tenant`'s projects, read now, spanning the gathering's periods.
pub async fn snapshot(
    peers: &Peers,
    tenant: &str,
    periods: &[ReportPeriod],
    token: &str,
) -> Result<SnapshotRow, ApiError> {
    let version = peers.version("funding", token).await?;
    let taken_at = modal_kit::clock::now();
    let projects = read(peers, tenant, token).await?;
    let first = periods.first().copied().ok_or_else(|| ApiError::internal("a gathering without periods"))?;
    let mut row = SnapshotRow::new(tenant, SOURCE, first, taken_at);
    row.period = PERIOD_LABEL.to_string();
    row.period_from = periods.iter().map(|p| p.first_day()).min().unwrap_or(row.period_from);
    row.period_to = periods.iter().map(|p| p.last_day()).max().unwrap_or(row.period_to);
    row.service_version = version;
    row.figures = serde_json::to_string(&projects).map_err(ApiError::internal)?;
    Ok(row)
}
