//! Statistics for reporting: applications by state, country and applicant kind;
//! amounts requested, selected, committed and disbursed, per currency and in
//! euros — for a period, so that a period's figure is what happened in it:
//!
//! - a call counts on the day it opens (a draft is not counted);
//! - an application counts (and its amount is *requested*) on the day of its first
//!   submission; it is counted in the state it is in now;
//! - *selected*: the amount asked, on the day the committee selected it;
//! - *committed*: the grant, on the day its agreement was signed by both parties;
//! - *disbursed*: each payment, on the day it was paid.
//!
//! Days are the tenant's (its time zone); `from` and `to` are both included.

pub mod figures;
pub mod projects;

use crate::applications::access::STAFF_READERS;
use crate::applications::types::ApplicationRow;
use crate::disbursements::types::PaymentRow;
use crate::grants::types::GrantRow;
use crate::schema::{
    application_revisions as rev, applications as a, calls as ca, grants as g, payments as p, transitions as tr,
};
use actix_web::{get, web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use figures::{Amounts, Count, Event, Measure};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::money::{Currency, EurRates};
use modal_kit::on_engine;
use modal_kit::period::Period;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CurrencyAmounts {
    pub currency: Currency,
    #[serde(flatten)]
    pub amounts: Amounts,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Calls whose window opened in the period.
    pub calls_opened: i64,
    pub applications: Vec<Count>,
    /// Minor units of each currency.
    pub amounts: Vec<CurrencyAmounts>,
    /// Euro cents, each amount converted at the rate of its day.
    pub amounts_eur: Amounts,
    /// Currencies left out of `amounts_eur` for want of a rate on some day.
    pub missing_rates: Vec<Currency>,
}

/// The tenant's funding figures for a period.
#[utoipa::path(tag = "stats", params(Period),
    responses((status = 200, description = "The figures", body = Stats)))]
#[get("/v1/tenants/{tenant}/stats")]
pub async fn get_stats(
    scope: TenantScope,
    db: web::Data<Db>,
    rates: web::Data<EurRates>,
    period: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF_READERS)?;
    let zone = scope.tenant.tz();
    let day = move |at: NaiveDateTime| at.and_utc().with_timezone(&zone).date_naive();
    let period = period.into_inner().check()?;
    let (calls, apps, first, moves, grants, payments) = db
        .read(&scope, |c, t| {
            let calls: Vec<NaiveDateTime> = on_engine!(c, |c| ca::table
                .filter(ca::tenant_id.eq(t))
                .filter(ca::status.ne("draft"))
                .select(ca::opens_at)
                .load(c))?;
            let apps: Vec<ApplicationRow> = on_engine!(c, |c| a::table.filter(a::tenant_id.eq(t)).load(c))?;
            let first: Vec<(String, NaiveDateTime)> = on_engine!(c, |c| rev::table
                .filter(rev::tenant_id.eq(t))
                .filter(rev::number.eq(1))
                .select((rev::application_id, rev::submitted_at))
                .load(c))?;
            let moves: Vec<(String, String, NaiveDateTime)> = on_engine!(c, |c| tr::table
                .filter(tr::tenant_id.eq(t))
                .filter(tr::to_status.eq_any(["eligible", "selected"]))
                .select((tr::application_id, tr::to_status, tr::at))
                .load(c))?;
            let grants: Vec<GrantRow> = on_engine!(c, |c| g::table.filter(g::tenant_id.eq(t)).load(c))?;
            let payments: Vec<PaymentRow> = on_engine!(c, |c| p::table.filter(p::tenant_id.eq(t)).load(c))?;
            Ok((calls, apps, first, moves, grants, payments))
        })
        .await?;
    let by_id: HashMap<&str, &ApplicationRow> = apps.iter().map(|a| (a.id.as_str(), a)).collect();
    let first: HashMap<&str, NaiveDate> = first.iter().map(|(id, at)| (id.as_str(), day(*at))).collect();
    let mut events = Vec::new();
    for (id, submitted) in &first {
        if let Some(app) = by_id.get(id) {
            events.push(Event {
                measure: Measure::Requested,
                currency: app.currency(),
                amount: app.requested,
                day: *submitted,
            });
        }
    }
    let selected: Vec<(&String, NaiveDateTime)> =
        moves.iter().filter(|(_, to, _)| to == "selected").map(|(id, _, at)| (id, *at)).collect();
    let reached: std::collections::HashSet<(&str, &str)> =
        moves.iter().map(|(id, to, _)| (id.as_str(), to.as_str())).collect();
    for (id, at) in &selected {
        if let Some(app) = by_id.get(id.as_str()) {
            events.push(Event {
                measure: Measure::Selected,
                currency: app.currency(),
                amount: app.requested,
                day: day(*at),
            });
        }
    }
    for grant in &grants {
        if let (Some(x), Some(y)) = (grant.signed_by_applicant_at, grant.signed_by_programme_at) {
            events.push(Event {
                measure: Measure::Committed,
                currency: grant.currency(),
                amount: grant.amount,
                day: day(x.max(y)),
            });
        }
    }
    let currency_of: HashMap<&str, Currency> = grants.iter().map(|g| (g.id.as_str(), g.currency())).collect();
    for pay in &payments {
        let currency = currency_of.get(pay.grant_id.as_str()).copied().unwrap_or(Currency::Xof);
        events.push(Event { measure: Measure::Disbursed, currency, amount: pay.amount, day: pay.paid_on });
    }
    let to = period.to.unwrap_or_else(|| day(modal_kit::clock::now()));
    let from = period.from.unwrap_or_else(|| events.iter().map(|e| e.day).min().unwrap_or(to).min(to));
    let totals = figures::totals(&events, from, to, &rates);
    let in_period = apps.iter().filter(|a| first.get(a.id.as_str()).is_some_and(|d| from <= *d && *d <= to));
    let applications = figures::counts(in_period.map(|a| {
        let ever_selected = reached.contains(&(a.id.as_str(), "selected"));
        figures::Counted {
            key: (a.status.clone(), a.country.clone(), a.applicant_kind.clone().unwrap_or_else(|| "unknown".into())),
            ever_eligible: ever_selected || reached.contains(&(a.id.as_str(), "eligible")),
            ever_selected,
        }
    }));
    Ok(HttpResponse::Ok().json(Stats {
        from,
        to,
        calls_opened: calls.iter().filter(|at| (from..=to).contains(&day(**at))).count() as i64,
        applications,
        amounts: totals
            .by_currency
            .into_iter()
            .map(|(currency, amounts)| CurrencyAmounts { currency, amounts })
            .collect(),
        amounts_eur: totals.eur_cents,
        missing_rates: totals.missing_rates,
    }))
}
