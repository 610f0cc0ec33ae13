//! HTTP handlers for the committee: the summary of a call, and its decisions.

use super::rules::{self, Summary};
use super::store;
use crate::applications::access::STAFF_READERS;
use crate::applications::status::{self, ApplicationStatus};
use crate::applications::{history, store as applications, types::Application};
use crate::calls::{handlers::not_found as no_call, store as calls};
use crate::messages::{self, MessageKind};
use crate::roles::MANAGERS;
use actix_web::{get, post, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::Id;
use modal_kit::i18n::Msg;
use modal_kit::text::code_of;
use modal_kit::validate::Violations;
use modal_kit::ApiError;
use serde::Deserialize;
use utoipa::ToSchema;

/// The committee's summary of a call: its reviewed applications ranked by
/// weighted score, with the amounts asked and the running total against the
/// envelope, and the totals per country.
#[utoipa::path(tag = "committee", params(Id),
    responses((status = 200, description = "The summary", body = Summary)))]
#[get("/v1/tenants/{tenant}/calls/{id}/summary")]
pub async fn get_call_summary(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF_READERS)?;
    let id = path.into_inner().id;
    let summary = db
        .read(&scope, move |c, t| {
            let call = calls::find(c, t, &id)?.ok_or_else(no_call)?;
            Ok(rules::summary(&call, store::candidates(c, t, &id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(summary))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Selected,
    Reserve,
    Rejected,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub application_id: String,
    pub outcome: Outcome,
    /// Why; sent to the applicant with the decision.
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// One or more decisions, made together: all or none.
    pub decisions: Vec<Decision>,
}

/// The committee's decisions on applications of a call, one or in a batch, all
/// or none. Selecting beyond the envelope is refused (422), with the call locked
/// so that concurrent decisions cannot both fit.
#[utoipa::path(tag = "committee", params(Id), request_body = Decisions,
    responses(
        (status = 200, description = "Decided", body = Vec<Application>),
        (status = 409, description = "An application cannot take this decision from its state", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/calls/{id}/decisions")]
pub async fn decide_applications(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<Decisions>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let (id, decisions) = (path.into_inner().id, body.into_inner().decisions);
    let mut v = Violations::new();
    if decisions.is_empty() || decisions.len() > 500 {
        v.add("decisions", "out_of_range", Msg::new("De 1 à 500 décisions.", "From 1 to 500 decisions."));
    }
    for (i, d) in decisions.iter().enumerate() {
        v.required_text(&format!("decisions[{i}].reason"), &d.reason, 2000);
    }
    v.finish()?;
    let decided = db
        .write(&scope, move |c, actor| {
            if !calls::lock(c, &actor.tenant, &id)? {
                return Err(no_call());
            }
            let call = calls::find(c, &actor.tenant, &id)?.ok_or_else(no_call)?;
            let apps = applications::of_call(c, &actor.tenant, &id)?;
            let mut committed: i64 =
                apps.iter().filter(|a| rules::commits(a.status())).map(|a| a.requested).fold(0, i64::saturating_add);
            let mut out = Vec::new();
            for (i, d) in decisions.iter().enumerate() {
                let Some(app) = apps.iter().find(|a| a.id == d.application_id) else {
                    return Err(ApiError::invalid_field(
                        &format!("decisions[{i}].application_id"),
                        "unknown_application",
                        "Pas une candidature de cet appel.",
                        "Not an application to this call.",
                    ));
                };
                let (to, kind) = match d.outcome {
                    Outcome::Selected => (ApplicationStatus::Selected, MessageKind::Selected),
                    Outcome::Reserve => (ApplicationStatus::Reserve, MessageKind::Reserve),
                    Outcome::Rejected => (ApplicationStatus::Rejected, MessageKind::Rejected),
                };
                let mut row = app.clone();
                if !status::can_move(row.status(), to) {
                    return Err(crate::transitions::refused(
                        &code_of(&row.status()),
                        &code_of(&to),
                        status::next(row.status()),
                    ));
                }
                if to == ApplicationStatus::Selected {
                    committed = committed.saturating_add(row.requested);
                    if committed > call.envelope {
                        let cur = call.currency();
                        return Err(ApiError::invalid_field(
                            &format!("decisions[{i}].outcome"),
                            "beyond_envelope",
                            format!(
                                "Retenir ce projet porterait l'engagement à {} pour une enveloppe de {}.",
                                cur.format(committed),
                                cur.format(call.envelope)
                            ),
                            format!(
                                "Selecting this project would commit {} out of an envelope of {}.",
                                cur.format(committed),
                                cur.format(call.envelope)
                            ),
                        ));
                    }
                }
                let (expected, reason) = (row.version, d.reason.trim());
                history::record(c, actor, &mut row, to, Some(reason))?;
                messages::send(c, actor, kind, &call, &row, reason)?;
                if applications::replace(c, &row, expected)? != 1 {
                    return Err(modal_kit::etag::stale());
                }
                out.push(Application::from(&row));
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(decided))
}
