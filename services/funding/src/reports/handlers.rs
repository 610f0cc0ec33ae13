//! HTTP handlers for reports: send one for a tranche, attach receipts, review, list.

use super::store;
use super::types::*;
use crate::applications::access::Reader;
use crate::applications::status::ApplicationStatus;
use crate::applications::types::ApplicationRow;
use crate::applications::{history, store as applications};
use crate::attachments::files::Files;
use crate::attachments::handlers::{self as attachments, receive};
use crate::attachments::store as files_store;
use crate::attachments::types::{Attachment, AttachmentKind, NamedUpload, Owner};
use crate::calls::store as calls;
use crate::disbursements::store as disbursements;
use crate::grants::store as grants;
use crate::grants::types::{GrantStatus, TranchePath, TrancheRow};
use crate::messages::{self, MessageKind};
use crate::roles::{GRANT_READERS, MANAGERS, SIGNERS};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::http::{Binary, Id};
use modal_kit::i18n::Msg;
use modal_kit::text::{code_of, parse_code};
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError, Code};
use serde_json::json;

fn not_found() -> ApiError {
    ApiError::not_found("Rapport", "Report")
}

fn conflict(fr: &str, en: &str) -> ApiError {
    ApiError::new(Code::CONFLICT).with_detail(fr, en)
}

/// Send the report of a tranche that has been paid: a narrative and the expenses,
/// each charged to a budget line of the application. One report at a time per
/// tranche; a returned one is followed by a new one.
#[utoipa::path(tag = "reports", params(TranchePath), request_body = ReportInput,
    responses(
        (status = 201, description = "Sent", body = Report),
        (status = 409, description = "Nothing paid on the tranche yet, or a report is pending or accepted", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/grants/{id}/tranches/{number}/reports")]
pub async fn submit_report(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<TranchePath>,
    body: web::Json<ReportInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(SIGNERS)?;
    let (TranchePath { id, number }, input) = (path.into_inner(), body.into_inner());
    let reader = Reader::of(&scope);
    let report = db
        .write(&scope, move |c, actor| {
            if !grants::lock(c, &actor.tenant, &id)? {
                return Err(grants::not_found());
            }
            let (grant, app) = grants::visible(c, &actor.tenant, &reader, &id)?;
            if parse_code::<GrantStatus>(&grant.status) != Some(GrantStatus::Signed) {
                return Err(conflict("La convention n'est pas signée.", "The agreement is not signed."));
            }
            let tranche = grants::tranche(c, &actor.tenant, &id, number)?;
            if disbursements::paid_by_tranche(c, &actor.tenant, &id)?.get(&tranche.id).copied().unwrap_or(0) == 0 {
                return Err(conflict(
                    "Rien n'a encore été versé sur cette tranche.",
                    "Nothing has been paid on this tranche yet.",
                ));
            }
            match store::latest_by_tranche(c, &actor.tenant, &id)?.get(&tranche.id) {
                Some(ReportStatus::Submitted) => {
                    return Err(conflict(
                        "Un rapport de cette tranche attend sa revue.",
                        "A report of this tranche awaits review.",
                    ))
                }
                Some(ReportStatus::Accepted) => {
                    return Err(conflict(
                        "Le rapport de cette tranche est accepté.",
                        "This tranche's report is accepted.",
                    ))
                }
                _ => {}
            }
            check(&input, &app)?;
            let row = ReportRow {
                tenant_id: actor.tenant.clone(),
                id: uuid::Uuid::now_v7().to_string(),
                grant_id: id.clone(),
                tranche_id: tranche.id.clone(),
                narrative: input.narrative.trim().to_string(),
                expenses: serde_json::to_string(&input.expenses).unwrap_or_default(),
                status: code_of(&ReportStatus::Submitted),
                comments: None,
                submitted_by: actor.subject.clone(),
                submitted_at: modal_kit::clock::now(),
                reviewed_by: None,
                reviewed_at: None,
            };
            store::insert(c, &row)?;
            let report = answer(c, &row, &tranche, &app)?;
            audit::record_created(c, actor, ("report", &row.id), &report)?;
            Ok(report)
        })
        .await?;
    Ok(HttpResponse::Created().json(report))
}

/// A narrative, and expenses on budget lines the application has.
fn check(input: &ReportInput, app: &ApplicationRow) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("narrative", &input.narrative, 20_000);
    let lines = app.budget();
    for (i, e) in input.expenses.iter().enumerate() {
        if !lines.iter().any(|l| l.key == e.budget_line) {
            v.add(
                format!("expenses[{i}].budget_line"),
                "unknown_budget_line",
                Msg::new("Pas une ligne du budget de la candidature.", "Not a line of the application's budget."),
            );
        }
        v.required_text(&format!("expenses[{i}].description"), &e.description, 300);
        if e.amount < 0 {
            v.add(format!("expenses[{i}].amount"), "out_of_range", Msg::new("Au moins 0.", "At least 0."));
        }
    }
    Ok(v.finish()?)
}

/// The report as answered: its expenses set against the budget, and its receipts.
fn answer(
    c: &mut AnyConnection,
    row: &ReportRow,
    tranche: &TrancheRow,
    app: &ApplicationRow,
) -> Result<Report, ApiError> {
    let expenses = row.expenses();
    let by_budget_line = app
        .budget()
        .into_iter()
        .map(|l| LineSpending {
            spent: expenses.iter().filter(|e| e.budget_line == l.key).map(|e| e.amount).sum(),
            planned: l.quantity.saturating_mul(l.unit_cost),
            description: l.description,
            budget_line: l.key,
        })
        .collect();
    let receipts = files_store::of_owner(c, &row.tenant_id, "report", &row.id)?;
    Ok(Report {
        id: row.id.clone(),
        grant_id: row.grant_id.clone(),
        tranche: tranche.number,
        narrative: row.narrative.clone(),
        spent: expenses.iter().map(|e| e.amount).sum(),
        expenses,
        currency: app.currency(),
        by_budget_line,
        status: row.status(),
        comments: row.comments.clone(),
        submitted_by: row.submitted_by.clone(),
        submitted_at: row.submitted_at.and_utc(),
        reviewed_by: row.reviewed_by.clone(),
        reviewed_at: row.reviewed_at.map(|t| t.and_utc()),
        receipts: receipts.iter().map(Attachment::from).collect(),
    })
}

/// Attach a receipt (PDF, JPEG or PNG as the body) to a report awaiting review.
#[utoipa::path(tag = "reports", params(Id, NamedUpload),
    request_body(content((Binary = "application/pdf"), (Binary = "image/jpeg"), (Binary = "image/png"))),
    responses(
        (status = 201, description = "Attached", body = Attachment),
        (status = 409, description = "The report was reviewed", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/reports/{id}/receipts")]
pub async fn attach_receipt(
    scope: TenantScope,
    db: web::Data<Db>,
    files: web::Data<Files>,
    path: web::Path<Id>,
    query: web::Query<NamedUpload>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    scope.require(SIGNERS)?;
    let id = path.into_inner().id;
    let upload = receive(&req, body, &query.filename).await?;
    let reader = Reader::of(&scope);
    let check = move |c: &mut AnyConnection, t: &str, id: &str| -> Result<(), ApiError> {
        let row = store::find(c, t, id)?.ok_or_else(not_found)?;
        grants::visible(c, t, &reader, &row.grant_id).map_err(|_| not_found())?;
        if row.status() == ReportStatus::Submitted {
            Ok(())
        } else {
            Err(conflict(
                "Les pièces se joignent à un rapport en attente de revue.",
                "Receipts go with a report awaiting review.",
            ))
        }
    };
    let (recheck, read_id) = (check.clone(), id.clone());
    db.read(&scope, move |c, t| check(c, t, &read_id)).await?;
    let row = upload.keep(&files, &scope, Owner::Report, &id, AttachmentKind::Receipt).await?;
    let attachment = db
        .write(&scope, move |c, actor| {
            recheck(c, &actor.tenant, &id)?;
            attachments::record(c, actor, &row)
        })
        .await?;
    Ok(HttpResponse::Created().json(attachment))
}

/// Accept a report, or return it with comments (sent to the applicant). The last
/// tranche's report accepted completes the project.
#[utoipa::path(tag = "reports", params(Id), request_body = ReportReview,
    responses(
        (status = 200, description = "Reviewed", body = Report),
        (status = 409, description = "Not awaiting review", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/reports/{id}/review")]
pub async fn review_report(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<ReportReview>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let (id, review) = (path.into_inner().id, body.into_inner());
    let comments = review.comments.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
    let mut v = Violations::new();
    v.optional_text("comments", comments.as_deref(), 4000);
    if review.outcome == ReportOutcome::Returned && comments.is_none() {
        v.add("comments", "required", Msg::new("Dites ce qu'il faut reprendre.", "Say what to correct."));
    }
    v.finish()?;
    let report = db
        .write(&scope, move |c, actor| {
            let found = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if !grants::lock(c, &actor.tenant, &found.grant_id)? {
                return Err(not_found());
            }
            let mut row = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if row.status() != ReportStatus::Submitted {
                return Err(conflict("Ce rapport n'attend pas de revue.", "This report is not awaiting review."));
            }
            let (grant, mut app) = grants::visible(c, &actor.tenant, &Reader::Staff, &row.grant_id)?;
            let status = match review.outcome {
                ReportOutcome::Accepted => ReportStatus::Accepted,
                ReportOutcome::Returned => ReportStatus::Returned,
            };
            row.status = code_of(&status);
            (row.comments, row.reviewed_by, row.reviewed_at) =
                (comments.clone(), Some(actor.subject.clone()), Some(modal_kit::clock::now()));
            store::update(c, &row)?;
            let tranches = grants::tranches(c, &actor.tenant, &grant.id)?;
            let tranche = tranches.iter().find(|t| t.id == row.tranche_id).cloned().ok_or_else(not_found)?;
            if status == ReportStatus::Returned {
                let call =
                    calls::find(c, &actor.tenant, &app.call_id)?.ok_or_else(crate::calls::handlers::not_found)?;
                messages::send(c, actor, MessageKind::ReportReturned, &call, &app, comments.as_deref().unwrap_or(""))?;
            }
            let latest = store::latest_by_tranche(c, &actor.tenant, &grant.id)?;
            let all_accepted = tranches.iter().all(|t| latest.get(&t.id) == Some(&ReportStatus::Accepted));
            if all_accepted && app.status() == ApplicationStatus::InProgress {
                let expected = app.version;
                history::record(c, actor, &mut app, ApplicationStatus::Completed, Some("rapport final accepté"))?;
                if applications::replace(c, &app, expected)? != 1 {
                    return Err(modal_kit::etag::stale());
                }
            }
            audit::record(
                c,
                actor,
                "review",
                ("report", &row.id),
                json!({ "status": ["submitted", row.status], "comments": comments }),
            )?;
            answer(c, &row, &tranche, &app)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// A grant's reports, oldest first.
#[utoipa::path(tag = "reports", params(Id),
    responses((status = 200, description = "The reports", body = Vec<Report>)))]
#[get("/v1/tenants/{tenant}/grants/{id}/reports")]
pub async fn list_reports(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(GRANT_READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let list = db
        .read(&scope, move |c, t| {
            let (_, app) = grants::visible(c, t, &reader, &id)?;
            let tranches = grants::tranches(c, t, &id)?;
            let mut out = Vec::new();
            for row in store::of_grant(c, t, &id)? {
                if let Some(tranche) = tranches.iter().find(|x| x.id == row.tranche_id) {
                    out.push(answer(c, &row, tranche, &app)?);
                }
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
