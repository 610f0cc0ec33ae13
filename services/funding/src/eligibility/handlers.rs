//! HTTP handlers for eligibility: run the checks, read them, screen.

use super::rules::{self, Outcome};
use super::store::{self, Check};
use crate::applications::access::{self, Reader};
use crate::applications::status::{self, ApplicationStatus};
use crate::applications::{history, store as applications, types::Application};
use crate::calls::{handlers::not_found as no_call, store as calls};
use crate::messages::{self, MessageKind};
use crate::peers::Peers;
use crate::roles::{MANAGERS, READERS};
use actix_web::{get, post, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::Id;
use modal_kit::i18n::Msg;
use modal_kit::text::code_of;
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError, Code};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// Run the call's automatic checks on a submitted application, reading the
/// registry (and training, if the call asks for a certified member) with the
/// caller's token. Each check is recorded with the facts read. If a service
/// cannot answer, nothing is recorded (503/504): no check passes by default.
#[utoipa::path(tag = "eligibility", params(Id),
    responses(
        (status = 200, description = "The checks run", body = Vec<Check>),
        (status = 409, description = "The application is not submitted", content_type = "application/problem+json"),
        (status = 502, description = "A service gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "A service did not answer in time", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/eligibility")]
pub async fn run_eligibility_checks(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let id = path.into_inner().id;
    let read_id = id.clone();
    let (app, call) = db
        .read(&scope, move |c, t| {
            let app = access::find(c, t, &Reader::Staff, &read_id)?;
            let call = calls::find(c, t, &app.call_id)?.ok_or_else(no_call)?;
            Ok((app, call))
        })
        .await?;
    if app.status() != ApplicationStatus::Submitted {
        return Err(not_submitted(app.status()));
    }
    let (tenant, token, wanted) = (scope.id(), scope.caller.token(), call.eligibility());
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut kind = None;
    if wanted.applicant_verified {
        let org = peers.organisation(tenant, &app.applicant_id, token).await?;
        outcomes.push(rules::applicant_verified(org.as_ref()));
        kind = org.map(|o| o.kind);
    }
    if wanted.active_partnership {
        let links = peers.active_partnerships(tenant, &app.applicant_id, token).await?;
        outcomes.push(rules::active_partnership(&app.applicant_id, &app.partner_id, &links));
    }
    if wanted.certified_member {
        let certificates = peers.certificates(tenant, &app.applicant_id, token).await?;
        outcomes.push(rules::certified_member(&certificates));
    }
    let checks = db
        .write(&scope, move |c, actor| {
            let now = modal_kit::clock::now();
            store::record(c, actor, &id, &outcomes, now)?;
            if let Some(kind) = kind {
                applications::note_kind(c, &actor.tenant, &id, &kind)?;
            }
            let summary: Vec<_> = outcomes.iter().map(|o| json!({"rule": o.rule, "passed": o.passed})).collect();
            audit::record(c, actor, "eligibility", ("application", &id), json!(summary))?;
            Ok(store::latest(c, &actor.tenant, &id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(checks))
}

fn not_submitted(status: ApplicationStatus) -> ApiError {
    ApiError::new(Code::CONFLICT).with_detail(
        format!("Une candidature « {} » ne se contrôle pas : elle doit être soumise.", code_of(&status)),
        format!("An application in '{}' is not checked: it must be submitted.", code_of(&status)),
    )
}

/// The latest checks run on an application.
#[utoipa::path(tag = "eligibility", params(Id),
    responses((status = 200, description = "The latest checks", body = Vec<Check>)))]
#[get("/v1/tenants/{tenant}/applications/{id}/eligibility")]
pub async fn get_eligibility_checks(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let checks = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            Ok(store::latest(c, t, &id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(checks))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningDecision {
    Eligible,
    Ineligible,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    pub decision: ScreeningDecision,
    /// Why; required, and sent to the applicant.
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// To declare eligible an application that failed a check: the screener takes
    /// it on itself, and the audit trail says so.
    #[serde(default)]
    pub override_failed_checks: bool,
}

/// Record the screening decision on a submitted application, after its checks
/// ran: eligible (a failed check only with `override_failed_checks` and a
/// reason) or ineligible.
#[utoipa::path(tag = "eligibility", params(Id), request_body = Screening,
    responses(
        (status = 200, description = "Screened", body = Application),
        (status = 409, description = "Not submitted, or its checks not run since its last submission", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/screening")]
pub async fn screen_application(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<Screening>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let (screening, id) = (body.into_inner(), path.into_inner().id);
    let mut v = Violations::new();
    v.required_text("reason", &screening.reason, 2000);
    v.finish()?;
    let screened = db
        .write(&scope, move |c, actor| {
            let mut app = access::find(c, &actor.tenant, &Reader::Staff, &id)?;
            let to = match screening.decision {
                ScreeningDecision::Eligible => ApplicationStatus::Eligible,
                ScreeningDecision::Ineligible => ApplicationStatus::Ineligible,
            };
            if !status::can_move(app.status(), to) {
                return Err(crate::transitions::refused(
                    &code_of(&app.status()),
                    &code_of(&to),
                    status::next(app.status()),
                ));
            }
            let checks = store::latest(c, &actor.tenant, &id)?;
            let ran_since_submission =
                checks.first().is_some_and(|k| Some(k.checked_at.naive_utc()) >= app.submitted_at);
            if !ran_since_submission {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "Lancez les contrôles d'éligibilité depuis la dernière soumission d'abord.",
                    "Run the eligibility checks since the last submission first.",
                ));
            }
            let failed: Vec<String> = checks.iter().filter(|k| !k.passed).map(|k| code_of(&k.rule)).collect();
            if to == ApplicationStatus::Eligible && !failed.is_empty() && !screening.override_failed_checks {
                let mut v = Violations::new();
                v.add(
                    "override_failed_checks",
                    "failed_checks",
                    Msg::new(
                        format!(
                            "Contrôles échoués : {}. Confirmez avec override_failed_checks et un motif.",
                            failed.join(", ")
                        ),
                        format!(
                            "Failed checks: {}. Confirm with override_failed_checks and a reason.",
                            failed.join(", ")
                        ),
                    ),
                );
                return Err(v.into());
            }
            let reason = screening.reason.trim().to_string();
            let expected = app.version;
            history::record(c, actor, &mut app, to, Some(&reason))?;
            if to == ApplicationStatus::Eligible && !failed.is_empty() {
                audit::record(
                    c,
                    actor,
                    "override",
                    ("application", &id),
                    json!({"failed_checks": failed, "reason": reason}),
                )?;
            }
            let call = calls::find(c, &actor.tenant, &app.call_id)?.ok_or_else(no_call)?;
            let kind = if to == ApplicationStatus::Eligible { MessageKind::Eligible } else { MessageKind::Ineligible };
            messages::send(c, actor, kind, &call, &app, &reason)?;
            if applications::replace(c, &app, expected)? != 1 {
                return Err(modal_kit::etag::stale());
            }
            Ok(Application::from(&app))
        })
        .await?;
    Ok(HttpResponse::Ok().json(screened))
}
