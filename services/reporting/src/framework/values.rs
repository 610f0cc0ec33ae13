//! Manual values: a partner reports an indicator no service records, for a period;
//! submits it; the programme approves it (then it is locked) or returns it with
//! comments. Every move is audited; a move the value cannot make is a 409 that
//! lists the ones it can.

use super::handlers::indicator_not_found;
use super::types::*;
use super::{rules, store};
use crate::periods::ReportPeriod;
use crate::roles::{EDITORS, PROGRAMME};
use actix_web::{post, put, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::{lock_row, AnyConnection, Db};
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::{code_of, parse_code};
use modal_kit::transition::refused;
use modal_kit::validate::Violations;
use modal_kit::{audit, auth::Actor, ApiError};
use serde::Deserialize;
use utoipa::IntoParams;

/// An indicator of the framework and a period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IndicatorPeriod {
    /// The indicator's id (of the framework).
    pub id: String,
    /// A year (`2021`) or a quarter (`2021-Q3`).
    pub period: String,
}

impl IndicatorPeriod {
    fn check(&self) -> Result<String, ApiError> {
        Ok(ReportPeriod::parse(&self.period).ok_or_else(crate::periods::bad_period)?.label())
    }
}

/// Moves the value of (`indicator`, `period`) by `action`, under a lock on the
/// indicator (concurrent first reports of a value become one), with `change`
/// applied to the row; audited.
fn apply(
    c: &mut AnyConnection,
    actor: &Actor,
    (indicator, period): (&str, &str),
    action: &str,
    change: impl FnOnce(Option<&ValueRow>, ValueStatus, Stamp) -> Result<ValueRow, ApiError>,
) -> Result<ValueAnswer, ApiError> {
    if !lock_row(c, "result_indicators", &actor.tenant, indicator)? {
        return Err(indicator_not_found());
    }
    let current = store::find_value(c, &actor.tenant, indicator, period)?;
    let from = current.as_ref().and_then(|v| parse_code::<ValueStatus>(&v.status));
    let to = rules::next_status(from, action)
        .ok_or_else(|| refused(from.map_or("none".into(), |s| code_of(&s)).as_str(), action, rules::possible(from)))?;
    let stamp = current.as_ref().map_or_else(|| Stamp::new(actor), |v| v.stamp().next(actor));
    let row = change(current.as_ref(), to, stamp)?;
    store::save_value(c, &row, current.is_none())?;
    let (before, after) = (current.as_ref().map(ValueAnswer::from), ValueAnswer::from(&row));
    match &before {
        Some(before) => audit::record_change(c, actor, action, ("manual_value", &row.id), before, &after)?,
        None => audit::record_created(c, actor, ("manual_value", &row.id), &after)?,
    }
    Ok(after)
}

/// Report (or correct) a manual indicator's value for a period: a draft, until submitted.
#[utoipa::path(tag = "framework", params(IndicatorPeriod), request_body = ValueInput,
    responses((status = 200, description = "The draft", body = ValueAnswer),
        (status = 409, description = "Submitted or approved: it cannot be changed now", content_type = "application/problem+json")))]
#[put("/v1/tenants/{tenant}/result-indicators/{id}/values/{period}")]
pub async fn put_value(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<IndicatorPeriod>,
    body: web::Json<ValueInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (period, id, input) = (path.check()?, path.id.clone(), body.into_inner());
    let value = db
        .write(&scope, move |c, actor| {
            let indicator = store::find_indicator(c, &actor.tenant, &id)?.ok_or_else(indicator_not_found)?;
            let kind = parse_code(&indicator.kind).unwrap_or(IndicatorKind::Computed);
            rules::validate_value(&input, kind)?;
            apply(c, actor, (&id, &period), "edit", |_, to, stamp| {
                Ok(rules::value_row(&input, &id, &period, to, stamp))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(value))
}

/// Submit the value to the programme.
#[utoipa::path(tag = "framework", params(IndicatorPeriod),
    responses((status = 200, description = "Submitted", body = ValueAnswer),
        (status = 409, description = "Not a draft", content_type = "application/problem+json")))]
#[post("/v1/tenants/{tenant}/result-indicators/{id}/values/{period}/submit")]
pub async fn submit_value(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<IndicatorPeriod>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (period, id) = (path.check()?, path.id.clone());
    let value = db
        .write(&scope, move |c, actor| {
            apply(c, actor, (&id, &period), "submit", |current, to, stamp| {
                let current = current.expect("a submitted value exists");
                Ok(ValueRow {
                    status: code_of(&to),
                    version: stamp.version,
                    updated_at: stamp.updated_at,
                    updated_by: stamp.updated_by,
                    ..current.clone()
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(value))
}

/// The programme's review: approve (the value is then locked) or return it with comments.
#[utoipa::path(tag = "framework", params(IndicatorPeriod), request_body = ReviewInput,
    responses((status = 200, description = "Reviewed", body = ValueAnswer),
        (status = 409, description = "Not submitted", content_type = "application/problem+json")))]
#[post("/v1/tenants/{tenant}/result-indicators/{id}/values/{period}/review")]
pub async fn review_value(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<IndicatorPeriod>,
    body: web::Json<ReviewInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PROGRAMME)?;
    let (period, id, input) = (path.check()?, path.id.clone(), body.into_inner());
    let comments = input.comments.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
    let mut v = Violations::new();
    if input.decision == ReviewDecision::Returned && comments.is_none() {
        v.add("comments", "required", Msg::new("Dites ce qu'il faut changer.", "Say what to change."));
    }
    if let Some(c) = &comments {
        v.max_len("comments", c, 2000);
    }
    v.finish()?;
    let action = match input.decision {
        ReviewDecision::Approved => "approve",
        ReviewDecision::Returned => "return",
    };
    // The programme acts in the tenant's records here, and only here: the review
    // is the programme's own step in a partner's report.
    let value = db
        .write(&scope, move |c, actor| {
            apply(c, actor, (&id, &period), action, |current, to, stamp| {
                let current = current.expect("a reviewed value exists");
                Ok(ValueRow {
                    status: code_of(&to),
                    comments,
                    version: stamp.version,
                    updated_at: stamp.updated_at,
                    updated_by: stamp.updated_by,
                    ..current.clone()
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(value))
}
