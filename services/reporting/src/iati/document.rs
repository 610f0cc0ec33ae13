//! The whole file: `<iati-activities version="2.03">`, the programme first, then
//! each tenant's projects (in the tenants' order, each tenant's by grant).

use super::config::IatiConfig;
use super::programme::{self, programme_activity, TenantInfo};
use super::project::{self, project_activity, Context};
use super::xml::Node;
use crate::indicators::report::ProgrammeReport;
use crate::snapshots::projects::FundedProject;
use chrono::{DateTime, SubsecRound, Utc};

/// The IATI XML of the programme and its projects, as of `now`.
pub fn export(
    config: &IatiConfig,
    tenants: &[(TenantInfo, Vec<FundedProject>)],
    report: &ProgrammeReport,
    now: DateTime<Utc>,
) -> String {
    // Seconds only: a datetime with a fraction is valid, but reads as more precise
    // than a gathering is.
    let now = now.trunc_subsecs(0);
    let parent = programme::identifier(config);
    let children: Vec<String> = tenants
        .iter()
        .flat_map(|(t, projects)| projects.iter().map(|p| project::identifier(config, &t.id, &p.grant_id)))
        .collect();
    let infos: Vec<TenantInfo> = tenants
        .iter()
        .map(|(t, _)| TenantInfo { id: t.id.clone(), name: t.name.clone(), country: t.country.clone() })
        .collect();
    let countries: Vec<String> = infos.iter().map(|t| t.country.clone()).collect();
    let mut root = Node::new("iati-activities")
        .attr("version", "2.03")
        .attr("generated-datetime", now.format("%Y-%m-%dT%H:%M:%SZ"))
        .child(programme_activity(config, &infos, report, &children, now));
    for (tenant, projects) in tenants {
        let ctx = Context {
            config,
            tenant_id: &tenant.id,
            tenant_name: &tenant.name,
            parent: &parent,
            today: now.date_naive(),
            now,
            countries: &countries,
        };
        root = root.children(projects.iter().map(|p| project_activity(&ctx, p)));
    }
    root.document()
}
