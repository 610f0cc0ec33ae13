//! The funded projects, for reporting: every grant with what an IATI activity
//! needs of it — the project (its application), the call, the parties, the amount,
//! the day it was committed and each payment. Not by period: reporting keeps the
//! whole list and picks dates from it.
//!
//! A grant is committed on the day its agreement was signed by both parties (the
//! later signature, in the tenant's time zone, as the stats count it); `null` while
//! a signature is missing. Amounts are minor units of the grant's currency.

use crate::applications::access::STAFF_READERS;
use crate::applications::types::ApplicationRow;
use crate::disbursements::types::PaymentRow;
use crate::grants::types::GrantRow;
use crate::schema::{applications as a, calls as ca, grants as g, payments as p};
use actix_web::{get, web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::money::Currency;
use modal_kit::on_engine;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectPayment {
    pub amount: i64,
    pub paid_on: NaiveDate,
}

/// An organisation party to the project: its registry id, and its name and
/// country as the agreement recorded them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectParty {
    pub id: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Project {
    pub grant_id: String,
    pub application_id: String,
    pub call_id: String,
    pub call_title: String,
    pub title: String,
    pub summary: String,
    pub place: String,
    /// ISO 3166-1 alpha-2 country of the project.
    pub country: String,
    pub currency: Currency,
    /// The grant, in minor units of `currency`.
    pub amount: i64,
    /// The day both parties had signed the agreement; `null` until then.
    pub committed_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `awaiting_signatures` or `signed`.
    pub grant_status: String,
    /// The application's state (`contracted`, `in_progress`, `completed`, `closed`…).
    pub application_status: String,
    /// The local association that applied.
    pub applicant: ProjectParty,
    /// Its diaspora partner.
    pub partner: ProjectParty,
    /// Payments, oldest first.
    pub payments: Vec<ProjectPayment>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Projects {
    pub projects: Vec<Project>,
}

type Rows = (Vec<GrantRow>, Vec<ApplicationRow>, Vec<(String, String)>, Vec<PaymentRow>);

/// The tenant's grants, their applications, its calls' titles and its payments.
fn load(c: &mut AnyConnection, t: &str) -> QueryResult<Rows> {
    let grants = on_engine!(c, |c| g::table.filter(g::tenant_id.eq(t)).order(g::id).load(c))?;
    let apps = on_engine!(c, |c| a::table.filter(a::tenant_id.eq(t)).load(c))?;
    let calls = on_engine!(c, |c| ca::table.filter(ca::tenant_id.eq(t)).select((ca::id, ca::title)).load(c))?;
    let payments = on_engine!(c, |c| p::table.filter(p::tenant_id.eq(t)).order((p::paid_on, p::id)).load(c))?;
    Ok((grants, apps, calls, payments))
}

/// The projects, from the rows; `day` turns an instant into the tenant's day.
fn projects(rows: Rows, day: impl Fn(NaiveDateTime) -> NaiveDate) -> Vec<Project> {
    let (grants, apps, calls, payments) = rows;
    let apps: HashMap<&str, &ApplicationRow> = apps.iter().map(|a| (a.id.as_str(), a)).collect();
    let calls: HashMap<&str, &str> = calls.iter().map(|(id, title)| (id.as_str(), title.as_str())).collect();
    let party = |p: crate::grants::types::Party| ProjectParty { id: p.id, name: p.name, country: p.country };
    grants
        .iter()
        .filter_map(|grant| {
            let app = apps.get(grant.application_id.as_str())?;
            let parties = grant.parties();
            Some(Project {
                grant_id: grant.id.clone(),
                application_id: app.id.clone(),
                call_id: app.call_id.clone(),
                call_title: calls.get(app.call_id.as_str()).map(|t| t.to_string()).unwrap_or_default(),
                title: app.title.clone(),
                summary: app.summary.clone(),
                place: app.place.clone(),
                country: app.country.clone(),
                currency: grant.currency(),
                amount: grant.amount,
                committed_on: grant
                    .signed_by_applicant_at
                    .zip(grant.signed_by_programme_at)
                    .map(|(x, y)| day(x.max(y))),
                starts_on: grant.starts_on,
                ends_on: grant.ends_on,
                grant_status: grant.status.clone(),
                application_status: app.status.clone(),
                // The ids are the application's (the parties' only if it has none).
                applicant: ProjectParty { id: app.applicant_id.clone(), ..party(parties.applicant) },
                partner: ProjectParty { id: app.partner_id.clone(), ..party(parties.partner) },
                payments: payments
                    .iter()
                    .filter(|p| p.grant_id == grant.id)
                    .map(|p| ProjectPayment { amount: p.amount, paid_on: p.paid_on })
                    .collect(),
            })
        })
        .collect()
}

/// Every funded project of the tenant (every grant), with its payments.
#[utoipa::path(tag = "stats",
    responses((status = 200, description = "Every grant, as reporting needs it", body = Projects)))]
#[get("/v1/tenants/{tenant}/stats/projects")]
pub async fn list_projects(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF_READERS)?;
    let zone = scope.tenant.tz();
    let rows = db.read(&scope, |c, t| Ok(load(c, t)?)).await?;
    let day = move |at: NaiveDateTime| at.and_utc().with_timezone(&zone).date_naive();
    Ok(HttpResponse::Ok().json(Projects { projects: projects(rows, day) }))
}
