//! HTTP handlers for calls. Each route is declared here once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::roles::{MANAGERS, READERS};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::text::code_of;
use modal_kit::{audit, ApiError};

pub fn not_found() -> ApiError {
    ApiError::not_found("Appel à projets", "Call for projects")
}

/// A call an applicant may see: open to all of the tenant, or inviting its organisation.
fn visible_to(call: &CallRow, scope: &TenantScope) -> bool {
    match scope.applicant_for() {
        None => true,
        Some(org) => {
            call.status() != CallStatus::Draft && (call.invited.is_empty() || call.invited().iter().any(|i| i == org))
        }
    }
}

/// List calls (an applicant sees the calls it may apply to, not drafts).
#[utoipa::path(tag = "calls", params(CallFilter),
    responses((status = 200, description = "A page of calls", body = inline(pagination::Page<Call>))))]
#[get("/v1/tenants/{tenant}/calls")]
pub async fn list_calls(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<CallFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let filter = filter.into_inner();
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let rows = db.read(&scope, move |c, tenant| Ok(store::list(c, tenant, &filter, &w)?)).await?;
    let zone = scope.tenant.zone();
    let calls = rows.iter().filter(|r| visible_to(r, &scope)).map(|r| r.answer(zone)).collect();
    Ok(pagination::respond(&req, &window, calls, |c| &c.id))
}

/// Prepare a call (a draft until it is opened).
#[utoipa::path(tag = "calls", request_body = CallInput,
    responses((status = 201, description = "Created", body = Call, headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/calls")]
pub async fn create_call(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<CallInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let zone = scope.tenant.zone().to_string();
    let created = db
        .write(&scope, move |c, actor| {
            let row = rules::to_row(&input, Stamp::new(actor));
            store::insert(c, &row)?;
            let call = row.answer(&zone);
            audit::record_created(c, actor, ("call", &call.id), &call)?;
            Ok(call)
        })
        .await?;
    let location = format!("/v1/tenants/{}/calls/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Read one call.
#[utoipa::path(tag = "calls", params(Id),
    responses((status = 200, description = "The call", body = Call, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/calls/{id}")]
pub async fn get_call(scope: TenantScope, db: web::Data<Db>, path: web::Path<Id>) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let id = path.into_inner().id;
    let row = db.read(&scope, move |c, tenant| Ok(store::find(c, tenant, &id)?)).await?;
    let row = row.filter(|r| visible_to(r, &scope)).ok_or_else(not_found)?;
    Ok(etag::ok(&row.answer(scope.tenant.zone()), row.version))
}

/// Replace a call while it is a draft. Requires `If-Match`.
#[utoipa::path(tag = "calls",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = CallInput,
    responses(
        (status = 200, description = "Updated", body = Call, headers(("ETag" = String))),
        (status = 409, description = "The call is no longer a draft", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/calls/{id}")]
pub async fn replace_call(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<CallInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let input = body.into_inner();
    rules::validate(&input)?;
    let (id, zone) = (path.into_inner().id, scope.tenant.zone().to_string());
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if current.status() != CallStatus::Draft {
                return Err(ApiError::new(modal_kit::Code::CONFLICT)
                    .with_detail("Seul un appel en brouillon se modifie.", "Only a draft call can be changed."));
            }
            let row = rules::to_row(&input, current.stamp().next(actor));
            let (before, after) = (current.answer(&zone), row.answer(&zone));
            let rev = Revision {
                action: "update",
                entity: "call",
                id: &id,
                version: current.version,
                before: &before,
                after: &after,
            };
            stamp::replace(c, actor, if_match, rev, |c| store::replace(c, &row, current.version))?;
            Ok(after)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}

/// Move a call through its lifecycle (draft → open → closed → decided →
/// archived; a closed call may reopen). Requires `If-Match`.
#[utoipa::path(tag = "calls",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = CallStatusChange,
    responses(
        (status = 200, description = "Status changed", body = Call, headers(("ETag" = String))),
        (status = 409, description = "Not a move the call can make from its status", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/calls/{id}/status")]
pub async fn change_call_status(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<CallStatusChange>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let (id, to, zone) = (path.into_inner().id, body.status, scope.tenant.zone().to_string());
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            let from = current.status();
            if !rules::can_move(from, to) {
                return Err(crate::transitions::refused(&code_of(&from), &code_of(&to), rules::next_statuses(from)));
            }
            let next = current.stamp().next(actor);
            let row = CallRow {
                status: code_of(&to),
                version: next.version,
                updated_at: next.updated_at,
                updated_by: next.updated_by,
                ..current.clone()
            };
            let (before, after) = (current.answer(&zone), row.answer(&zone));
            let rev = Revision {
                action: "status",
                entity: "call",
                id: &id,
                version: current.version,
                before: &before,
                after: &after,
            };
            stamp::replace(c, actor, if_match, rev, |c| store::replace(c, &row, current.version))?;
            Ok(after)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}
