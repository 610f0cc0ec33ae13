//! HTTP handlers for applications: drafts, submission (a frozen revision each
//! time), revisions and their difference, moves, history and messages.

use super::access::{self, Reader};
use super::status::{self, ApplicationStatus};
use super::types::*;
use super::{history, revisions, rules, store};
use crate::calls::{handlers::not_found as no_call, rules as call_rules, store as calls};
use crate::messages::{self, MessageKind};
use crate::peers::Peers;
use crate::roles::{APPLICANTS, READERS};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::i18n::{Lang, Msg};
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::text::code_of;
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError};
use serde::Deserialize;
use utoipa::ToSchema;

/// List applications (an applicant sees its organisation's; a reviewer uses `/reviews`).
#[utoipa::path(tag = "applications", params(ApplicationFilter),
    responses((status = 200, description = "A page of applications", body = inline(pagination::Page<Application>))))]
#[get("/v1/tenants/{tenant}/applications")]
pub async fn list_applications(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<ApplicationFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let reader = Reader::of(&scope);
    if matches!(reader, Reader::Reviewer(_)) {
        return Err(ApiError::forbidden());
    }
    let filter = filter.into_inner();
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let rows = db.read(&scope, move |c, t| Ok(store::list(c, t, reader.applicant(), &filter, &w)?)).await?;
    Ok(pagination::respond(&req, &window, rows.iter().map(Application::from).collect(), |a| &a.id))
}

/// Start an application to a call (a draft), while the call is open. An applicant
/// applies for the organisation its token names; a restricted call takes only the
/// organisations it invited.
#[utoipa::path(tag = "applications", params(Id), request_body = ApplicationContent,
    responses((status = 201, description = "Created", body = Application, headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/calls/{id}/applications")]
pub async fn create_application(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    path: web::Path<Id>,
    body: web::Json<ApplicationContent>,
) -> Result<HttpResponse, ApiError> {
    scope.require(APPLICANTS)?;
    let content = body.into_inner();
    rules::validate_draft(&content)?;
    let applicant = applicant_of(&scope, &content)?;
    let kind = check_parties(&peers, &scope, &applicant, &content.partner_id).await?;
    let (call_id, zone) = (path.into_inner().id, scope.tenant.zone().to_string());
    let created = db
        .write(&scope, move |c, actor| {
            let call = calls::find(c, &actor.tenant, &call_id)?.ok_or_else(no_call)?;
            call_rules::check_window(&call, call_rules::now(), &zone)?;
            let invited = call.invited();
            if !invited.is_empty() && !invited.contains(&applicant) {
                return Err(ApiError::invalid_field(
                    "applicant_id",
                    "not_invited",
                    "Cet appel est restreint aux organisations invitées.",
                    "This call is restricted to the organisations it invited.",
                ));
            }
            let mut row = rules::new_row(&call, &applicant, &content, Stamp::new(actor));
            row.applicant_kind = kind;
            store::insert(c, &row)?;
            let application = Application::from(&row);
            audit::record_created(c, actor, ("application", &row.id), &application)?;
            Ok(application)
        })
        .await?;
    let location = format!("/v1/tenants/{}/applications/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// When staff write an application, the registry says (with their token) that the
/// applicant is a local organisation of the tenant and the partner a diaspora one
/// (422 otherwise; 503/504 if it cannot answer). An applicant's own organisation
/// comes from its token; both are checked again by the eligibility checks.
/// Answers the applicant's kind when it was read.
async fn check_parties(
    peers: &Peers,
    scope: &TenantScope,
    applicant: &str,
    partner: &str,
) -> Result<Option<String>, ApiError> {
    if scope.applicant_for().is_some() {
        return Ok(None);
    }
    let mut kind = None;
    let (tenant, token) = (scope.id(), scope.caller.token());
    let mut v = Violations::new();
    let unknown = || Msg::new("Organisation introuvable chez ce partenaire.", "No such organisation in this tenant.");
    match peers.organisation(tenant, applicant, token).await? {
        None => v.add("applicant_id", "unknown_organisation", unknown()),
        Some(o) if o.kind == "diaspora_organisation" => v.add(
            "applicant_id",
            "not_local",
            Msg::new("La candidate doit être une organisation locale.", "The applicant must be a local organisation."),
        ),
        Some(o) => kind = Some(o.kind),
    }
    match peers.organisation(tenant, partner, token).await? {
        None => v.add("partner_id", "unknown_organisation", unknown()),
        Some(o) if o.kind != "diaspora_organisation" => v.add(
            "partner_id",
            "not_diaspora",
            Msg::new(
                "Le partenaire doit être une organisation de la diaspora.",
                "The partner must be a diaspora organisation.",
            ),
        ),
        Some(_) => {}
    }
    v.finish()?;
    Ok(kind)
}

/// The organisation an application is for: an applicant's own (it may not name
/// another), or the one staff name.
fn applicant_of(scope: &TenantScope, content: &ApplicationContent) -> Result<String, ApiError> {
    let named = content.applicant_id.as_deref().map(str::trim).filter(|a| !a.is_empty());
    match (scope.applicant_for(), named) {
        (Some(own), Some(other)) if own != other => Err(ApiError::invalid_field(
            "applicant_id",
            "not_yours",
            "Vous ne pouvez candidater que pour votre organisation.",
            "You may apply only for your own organisation.",
        )),
        (Some(own), _) => Ok(own.to_string()),
        (None, Some(named)) => Ok(named.to_string()),
        (None, None) => Err(ApiError::invalid_field(
            "applicant_id",
            "required",
            "L'organisation candidate est obligatoire.",
            "The applying organisation is required.",
        )),
    }
}

/// Read one application.
#[utoipa::path(tag = "applications", params(Id),
    responses((status = 200, description = "The application", body = Application, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/applications/{id}")]
pub async fn get_application(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let row = db.read(&scope, move |c, t| access::find(c, t, &reader, &id)).await?;
    Ok(etag::ok(&Application::from(&row), row.version))
}

/// Change what an application says, while it is a draft or answers an information
/// request. Requires `If-Match`.
#[utoipa::path(tag = "applications",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = ApplicationContent,
    responses(
        (status = 200, description = "Updated", body = Application, headers(("ETag" = String))),
        (status = 409, description = "Not editable in its state", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/applications/{id}")]
pub async fn replace_application(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    path: web::Path<Id>,
    body: web::Json<ApplicationContent>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(APPLICANTS)?;
    let content = body.into_inner();
    rules::validate_draft(&content)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let read_id = id.clone();
    let reading = reader.clone();
    let applicant = db.read(&scope, move |c, t| Ok(access::find(c, t, &reading, &read_id)?.applicant_id)).await?;
    check_parties(&peers, &scope, &applicant, &content.partner_id).await?;
    let updated = db
        .write(&scope, move |c, actor| {
            let current = access::find(c, &actor.tenant, &reader, &id)?;
            if content.applicant_id.as_deref().is_some_and(|a| a != current.applicant_id) {
                return Err(ApiError::invalid_field(
                    "applicant_id",
                    "immutable",
                    "L'organisation candidate ne change pas.",
                    "The applying organisation does not change.",
                ));
            }
            if !status::editable(current.status()) {
                return Err(not_editable(current.status()));
            }
            let mut row = current.clone();
            rules::write_content(&mut row, &content);
            let next = current.stamp().next(actor);
            (row.version, row.updated_at, row.updated_by) = (next.version, next.updated_at, next.updated_by);
            let (before, after) = (Application::from(&current), Application::from(&row));
            let rev = Revision {
                action: "update",
                entity: "application",
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

fn not_editable(status: ApplicationStatus) -> ApiError {
    ApiError::new(modal_kit::Code::CONFLICT).with_detail(
        format!("Une candidature « {} » ne se modifie plus.", code_of(&status)),
        format!("An application in '{}' can no longer be changed.", code_of(&status)),
    )
}

/// Submit an application: its content is checked whole and frozen as a new
/// revision. Inside the call's window only (409 with the window), except the
/// answer to an information request.
#[utoipa::path(tag = "applications", params(Id),
    responses(
        (status = 200, description = "Submitted", body = Application, headers(("ETag" = String))),
        (status = 409, description = "Outside the call's window, or not submittable from its state", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/submit")]
pub async fn submit_application(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(APPLICANTS)?;
    let (reader, id, zone) = (Reader::of(&scope), path.into_inner().id, scope.tenant.zone().to_string());
    let submitted = db
        .write(&scope, move |c, actor| {
            let mut row = access::find(c, &actor.tenant, &reader, &id)?;
            let from = row.status();
            if !status::can_move(from, ApplicationStatus::Submitted) {
                return Err(crate::transitions::refused(&code_of(&from), "submitted", status::next(from)));
            }
            let call = calls::find(c, &actor.tenant, &row.call_id)?.ok_or_else(no_call)?;
            if from == ApplicationStatus::Draft {
                call_rules::check_window(&call, call_rules::now(), &zone)?;
            }
            let content = row.content();
            rules::validate_submission(&content, &call)?;
            let expected = row.version;
            history::record(c, actor, &mut row, ApplicationStatus::Submitted, None)?;
            row.revision += 1;
            row.submitted_at = Some(row.updated_at);
            let revision = store::RevisionRow {
                tenant_id: actor.tenant.clone(),
                application_id: row.id.clone(),
                number: row.revision,
                content: serde_json::to_string(&content).unwrap_or_default(),
                submitted_at: row.updated_at,
                submitted_by: actor.subject.clone(),
            };
            store::insert_revision(c, &revision)?;
            if store::replace(c, &row, expected)? != 1 {
                return Err(modal_kit::etag::stale());
            }
            Ok(Application::from(&row))
        })
        .await?;
    Ok(etag::ok(&submitted, submitted.version))
}

/// Every submitted revision, oldest first.
#[utoipa::path(tag = "applications", params(Id),
    responses((status = 200, description = "The revisions", body = Vec<revisions::Revision>)))]
#[get("/v1/tenants/{tenant}/applications/{id}/revisions")]
pub async fn list_revisions(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let list = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            Ok(store::revisions(c, t, &id)?.into_iter().map(revisions::Revision::from).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// What changed between two submitted revisions.
#[utoipa::path(tag = "applications", params(Id, revisions::DiffQuery),
    responses((status = 200, description = "The fields that differ", body = revisions::RevisionDiff)))]
#[get("/v1/tenants/{tenant}/applications/{id}/revisions/diff")]
pub async fn diff_revisions(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    query: web::Query<revisions::DiffQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id, q) = (Reader::of(&scope), path.into_inner().id, query.into_inner());
    let diff = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            let all: Vec<revisions::Revision> = store::revisions(c, t, &id)?.into_iter().map(Into::into).collect();
            let pick = |n: i32, field: &str| {
                all.iter().find(|r| r.number == n).ok_or_else(|| {
                    ApiError::invalid_field(
                        field,
                        "unknown_revision",
                        format!("Pas de révision {n}."),
                        format!("No revision {n}."),
                    )
                })
            };
            Ok(revisions::diff(pick(q.from, "from")?, pick(q.to, "to")?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(diff))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// `info_requested` (managers), `under_review` (managers), `withdrawn`
    /// (applicant or managers), `closed` (managers); the other states have their
    /// own routes (submit, screening, decisions, signatures, payments, reports).
    pub to: ApplicationStatus,
    /// Why; required for an information request (it is sent to the applicant).
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

/// Move an application (see `Move.to`). An impossible move is 409 with the
/// moves possible from its state.
#[utoipa::path(tag = "applications", params(Id), request_body = Move,
    responses(
        (status = 200, description = "Moved", body = Application, headers(("ETag" = String))),
        (status = 409, description = "Not a move it can make (see `allowed`)", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/transitions")]
pub async fn move_application(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<Move>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let Move { to, reason } = body.into_inner();
    let movers = status::generic_movers(to).ok_or_else(|| {
        crate::transitions::refused("?", &code_of(&to), Vec::new()).with_detail(
            format!("« {} » a sa propre route.", code_of(&to)),
            format!("'{}' has a route of its own.", code_of(&to)),
        )
    })?;
    scope.require(movers)?;
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if to == ApplicationStatus::InfoRequested && reason.is_none() {
        let mut v = Violations::new();
        v.required_text("reason", "", 2000);
        v.finish()?;
    }
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let moved = db
        .write(&scope, move |c, actor| {
            let mut row = access::find(c, &actor.tenant, &reader, &id)?;
            let from = row.status();
            if !status::can_move(from, to) {
                return Err(crate::transitions::refused(&code_of(&from), &code_of(&to), status::next(from)));
            }
            let expected = row.version;
            history::record(c, actor, &mut row, to, reason.as_deref())?;
            if to == ApplicationStatus::InfoRequested {
                let call = calls::find(c, &actor.tenant, &row.call_id)?.ok_or_else(no_call)?;
                messages::send(c, actor, MessageKind::InfoRequested, &call, &row, reason.as_deref().unwrap_or(""))?;
            }
            if store::replace(c, &row, expected)? != 1 {
                return Err(modal_kit::etag::stale());
            }
            Ok(Application::from(&row))
        })
        .await?;
    Ok(etag::ok(&moved, moved.version))
}

/// Every move of an application, oldest first.
#[utoipa::path(tag = "applications", params(Id),
    responses((status = 200, description = "Its history", body = Vec<history::Transition>)))]
#[get("/v1/tenants/{tenant}/applications/{id}/history")]
pub async fn get_application_history(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let list = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            history::of_application(c, t, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The messages sent about an application, in the reader's language.
#[utoipa::path(tag = "applications", params(Id),
    responses((status = 200, description = "Its messages", body = Vec<messages::Message>)))]
#[get("/v1/tenants/{tenant}/applications/{id}/messages")]
pub async fn list_application_messages(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id, lang) = (Reader::of(&scope), path.into_inner().id, Lang::from_headers(req.headers()));
    let list = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            Ok(messages::of_application(c, t, &id, lang)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
