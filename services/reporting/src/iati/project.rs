//! A funded micro-project as a child activity (`hierarchy="2"`) of the programme.
//!
//! Decisions, each for a rule of the standard:
//! - the identifier is `{publisher}-MODAL-{tenant}-{grant id}`: the grant's id never
//!   changes, and an identifier must not once published;
//! - organisations: the funders (role 1); the diaspora partner accountable (role
//!   2), as co-applicant it answers for the project with the association; the
//!   tenant extending (role 3), managing the grant for the funders; the local
//!   association implementing (role 4) and receiving the money;
//! - the commitment (transaction type 2) is dated the day the agreement was signed
//!   by both parties, each payment (type 3) its day; nothing is dated after today
//!   (rule 11.1): a payment recorded for a later day is left out until that day;
//! - the actual start is the agreement's start or its signature, whichever is later,
//!   once past; the actual end only once the project is completed or closed;
//! - budgets last at most a year (rule 7.5.3): a longer grant is split into as few
//!   equal periods as needed, its amount shared by days.

use super::config::{IatiConfig, Org};
use super::elements::{activity, narrative, participating, reporting_org, value};
use super::orgs::{org_type, reference};
use super::xml::Node;
use crate::snapshots::projects::FundedProject;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// What a project's activity needs besides the project.
pub struct Context<'a> {
    pub config: &'a IatiConfig,
    pub tenant_id: &'a str,
    pub tenant_name: &'a str,
    pub parent: &'a str,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    /// The tenants' countries: where an organisation is "partner country based".
    pub countries: &'a [String],
}

pub fn identifier(config: &IatiConfig, tenant: &str, grant: &str) -> String {
    format!("{}-MODAL-{tenant}-{grant}", config.publisher)
}

/// ActivityStatus: 1 pipeline (not signed), 2 implementation, 3 finalisation
/// (completed), 4 closed, 5 cancelled (withdrawn before the agreement).
pub fn status(p: &FundedProject) -> u8 {
    match p.application_status.as_str() {
        "withdrawn" => 5,
        "closed" => 4,
        "completed" => 3,
        _ if p.committed_on.is_none() => 1,
        _ => 2,
    }
}

/// The activity dates as (type, day), by type.
pub fn dates(p: &FundedProject, today: NaiveDate) -> Vec<(u8, NaiveDate)> {
    let mut dates = vec![(1, p.starts_on)];
    let actual_start = p.committed_on.map(|signed| signed.max(p.starts_on)).filter(|d| *d <= today);
    dates.extend(actual_start.map(|d| (2, d)));
    if p.ends_on > p.starts_on {
        dates.push((3, p.ends_on));
    }
    let ended = matches!(status(p), 3 | 4) && p.ends_on <= today;
    if ended && actual_start.is_some_and(|start| start < p.ends_on) {
        dates.push((4, p.ends_on));
    }
    dates
}

/// `from..=to` in as few equal periods of at most 365 days as needed, with the
/// amount shared by days (the last period takes what rounding left).
pub fn budget_periods(from: NaiveDate, to: NaiveDate, amount: i64) -> Vec<(NaiveDate, NaiveDate, i64)> {
    let days = (to - from).num_days() + 1;
    if days < 2 {
        return Vec::new();
    }
    let count = (days + 364) / 365;
    let mut periods = Vec::new();
    let (mut start, mut shared) = (from, 0);
    for i in 0..count {
        let length = days / count + i64::from(i < days % count);
        let end = start + Duration::days(length - 1);
        let part = if i == count - 1 { amount - shared } else { amount * length / days };
        shared += part;
        periods.push((start, end, part));
        start = end + Duration::days(1);
    }
    periods
}

fn party_org(p: &crate::snapshots::projects::Party) -> Org {
    Org { reference: reference(p), name: p.name.clone() }
}

fn transaction(code: u8, day: NaiveDate, p: &FundedProject, amount: i64, ctx: &Context) -> Node {
    let receiver = party_org(&p.applicant);
    Node::new("transaction")
        .child(Node::new("transaction-type").attr("code", code))
        .child(Node::new("transaction-date").date(day))
        .child(value(amount, &p.currency, day))
        .child(Node::new("provider-org").child(narrative(ctx.tenant_name, ctx.tenant_id)))
        .child(
            Node::new("receiver-org")
                .attr_opt("ref", receiver.reference.as_deref())
                .attr_opt("type", org_type(&p.applicant, ctx.countries))
                .child(narrative(&receiver.name, &p.applicant.id)),
        )
}

pub fn project_activity(ctx: &Context, p: &FundedProject) -> Node {
    let config = ctx.config;
    let tenant = Org { reference: None, name: ctx.tenant_name.to_string() };
    let committed = p.committed_on.map(|d| d.min(ctx.today));
    let budget_status = if committed.is_some() { 2 } else { 1 };
    activity(&p.currency, 2, ctx.now)
        .child(Node::new("iati-identifier").text(identifier(config, ctx.tenant_id, &p.grant_id)))
        .child(reporting_org(config))
        .child(Node::new("title").child(narrative(&p.title, &p.call_title)))
        .child(Node::new("description").attr("type", 1).child(narrative(&p.summary, &p.title)))
        .children(config.funders.iter().map(|f| participating(1, f, None)))
        .child(participating(2, &party_org(&p.partner), org_type(&p.partner, ctx.countries)))
        .child(participating(3, &tenant, None))
        .child(participating(4, &party_org(&p.applicant), org_type(&p.applicant, ctx.countries)))
        .child(Node::new("activity-status").attr("code", status(p)))
        .children(dates(p, ctx.today).into_iter().map(|(t, d)| Node::new("activity-date").attr("type", t).date(d)))
        .child(Node::new("recipient-country").attr("code", &p.country))
        .child(Node::new("sector").attr("vocabulary", 1).attr("code", &config.sector))
        .children(budget_periods(p.starts_on, p.ends_on, p.amount).into_iter().map(|(from, to, amount)| {
            Node::new("budget")
                .attr("type", 1)
                .attr("status", budget_status)
                .child(Node::new("period-start").date(from))
                .child(Node::new("period-end").date(to))
                .child(value(amount, &p.currency, from))
        }))
        .children(committed.map(|day| transaction(2, day, p, p.amount, ctx)))
        .children(
            p.payments
                .iter()
                .filter(|pay| pay.paid_on <= ctx.today)
                .map(|pay| transaction(3, pay.paid_on, p, pay.amount, ctx)),
        )
        .child(Node::new("related-activity").attr("ref", ctx.parent).attr("type", 1))
}
