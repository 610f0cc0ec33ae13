//! HTTP handlers for disbursements: ask for a tranche, approve, pay, list.

use super::store;
use super::types::*;
use crate::applications::access::Reader;
use crate::applications::status::ApplicationStatus;
use crate::applications::{history, store as applications};
use crate::grants::types::{GrantStatus, TranchePath};
use crate::grants::{rules as grant_rules, store as grants};
use crate::reports::{store as reports, types::ReportStatus};
use crate::roles::{APPROVERS, GRANT_READERS, PAYERS, SIGNERS};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::{AnyConnection, Db};
use modal_kit::http::{idempotency, Id};
use modal_kit::text::{code_of, parse_code};
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError, Code, CodeDef};
use serde_json::json;

pub const REPORT_NOT_ACCEPTED: Code = Code::new(&CodeDef::new(
    409,
    "report_not_accepted",
    "Rapport de la tranche précédente non accepté",
    "Previous tranche's report not accepted",
));

fn not_found() -> ApiError {
    ApiError::not_found("Demande de versement", "Disbursement request")
}

/// 422 on `field`: `amount` is more than the `remaining`.
fn beyond_remainder(field: &str, remaining: i64, currency: modal_kit::money::Currency) -> ApiError {
    ApiError::invalid_field(
        field,
        "beyond_remainder",
        format!("Au plus {} : ce qui reste à verser.", currency.format(remaining)),
        format!("At most {}: what remains to pay.", currency.format(remaining)),
    )
}

/// Ask for a tranche (all that remains of it by default) once the agreement is signed.
#[utoipa::path(tag = "disbursements", params(TranchePath), request_body = DisbursementRequest,
    responses(
        (status = 201, description = "Requested", body = Disbursement),
        (status = 409, description = "Not signed, or a request for this tranche is still open", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/grants/{id}/tranches/{number}/disbursements")]
pub async fn request_disbursement(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<TranchePath>,
    body: web::Json<DisbursementRequest>,
) -> Result<HttpResponse, ApiError> {
    scope.require(SIGNERS)?;
    let (TranchePath { id, number }, input) = (path.into_inner(), body.into_inner());
    let mut v = Violations::new();
    v.optional_text("note", input.note.as_deref(), 2000);
    v.finish()?;
    let reader = Reader::of(&scope);
    let created = db
        .write(&scope, move |c, actor| {
            if !grants::lock(c, &actor.tenant, &id)? {
                return Err(grants::not_found());
            }
            let (grant, _) = grants::visible(c, &actor.tenant, &reader, &id)?;
            if parse_code::<GrantStatus>(&grant.status) != Some(GrantStatus::Signed) {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "La convention n'est pas encore signée des deux parties.",
                    "The agreement is not signed by both parties yet.",
                ));
            }
            let tranche = grants::tranche(c, &actor.tenant, &id, number)?;
            let requests = store::of_grant(c, &actor.tenant, &id)?;
            if requests.iter().any(|d| d.tranche_id == tranche.id && d.status() != DisbursementStatus::Paid) {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "Une demande pour cette tranche est en cours.",
                    "A request for this tranche is still open.",
                ));
            }
            let paid = store::paid_by_tranche(c, &actor.tenant, &id)?;
            let remaining = grant_rules::remaining(
                tranche.amount,
                paid.get(&tranche.id).copied().unwrap_or(0),
                grant.amount,
                paid.values().sum(),
            );
            let amount = input.amount.unwrap_or(remaining);
            if amount < 1 || amount > remaining {
                return Err(beyond_remainder("amount", remaining, grant.currency()));
            }
            let row = DisbursementRow {
                tenant_id: actor.tenant.clone(),
                id: uuid::Uuid::now_v7().to_string(),
                grant_id: id.clone(),
                tranche_id: tranche.id.clone(),
                amount,
                note: input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
                status: code_of(&DisbursementStatus::Requested),
                requested_by: actor.subject.clone(),
                requested_at: modal_kit::clock::now(),
                approved_by: None,
                approved_at: None,
            };
            store::insert(c, &row)?;
            let answer = row.answer(number, grant.currency(), &[]);
            audit::record_created(c, actor, ("disbursement", &row.id), &answer)?;
            Ok(answer)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Approve a request. Whoever asked does not approve (four eyes).
#[utoipa::path(tag = "disbursements", params(Id),
    responses(
        (status = 200, description = "Approved", body = Disbursement),
        (status = 409, description = "Not waiting for approval", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/disbursements/{id}/approval")]
pub async fn approve_disbursement(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(APPROVERS)?;
    let id = path.into_inner().id;
    let approved = db
        .write(&scope, move |c, actor| {
            let mut row = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if !grants::lock(c, &actor.tenant, &row.grant_id)? {
                return Err(not_found());
            }
            row = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if row.status() != DisbursementStatus::Requested {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "Cette demande n'attend pas d'approbation.",
                    "This request is not waiting for approval.",
                ));
            }
            if row.requested_by == actor.subject {
                return Err(ApiError::forbidden().with_detail(
                    "La personne qui demande un versement ne l'approuve pas.",
                    "Whoever requested a disbursement does not approve it.",
                ));
            }
            row.status = code_of(&DisbursementStatus::Approved);
            (row.approved_by, row.approved_at) = (Some(actor.subject.clone()), Some(modal_kit::clock::now()));
            store::update(c, &row)?;
            audit::record(
                c,
                actor,
                "approve",
                ("disbursement", &row.id),
                json!({ "status": ["requested", "approved"] }),
            )?;
            answer(c, &actor.tenant, &row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(approved))
}

fn answer(c: &mut AnyConnection, tenant: &str, row: &DisbursementRow) -> Result<Disbursement, ApiError> {
    let grant = grants::find(c, tenant, &row.grant_id)?.ok_or_else(grants::not_found)?;
    let tranche = grants::tranches(c, tenant, &row.grant_id)?.into_iter().find(|t| t.id == row.tranche_id);
    let payments = store::payments_of_grant(c, tenant, &row.grant_id)?;
    Ok(row.answer(tranche.map_or(0, |t| t.number), grant.currency(), &payments))
}

/// Record a payment on an approved request. Requires an `Idempotency-Key`: a
/// retry with the same key gets the first answer and pays nothing more. The
/// amount is at most what remains of the request, the tranche and the grant
/// (422), and a tranche after the first waits for the previous one's report to be
/// accepted (409). The first payment starts the project (in progress).
#[utoipa::path(tag = "disbursements", params(Id, ("Idempotency-Key" = String, Header, description = "One key per payment; send it again to retry")),
    request_body = PaymentInput,
    responses(
        (status = 201, description = "Recorded", body = Payment),
        (status = 400, description = "No Idempotency-Key", content_type = "application/problem+json"),
        (status = 409, description = "Not approved, or the previous report is not accepted", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/disbursements/{id}/payments")]
pub async fn record_payment(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<PaymentInput>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PAYERS)?;
    idempotency::required(&req)?;
    let (id, input) = (path.into_inner().id, body.into_inner());
    let mut v = Violations::new();
    v.required_text("reference", &input.reference, 100);
    if input.amount < 1 {
        v.add("amount", "out_of_range", modal_kit::i18n::Msg::new("Au moins 1.", "At least 1."));
    }
    // A payment is recorded once made: a date after the tenant's today is a typo
    // that would put money in a period that has not happened (reporting reads it).
    if input.paid_on > scope.tenant.today() {
        let msg = modal_kit::i18n::Msg::new(
            "Le paiement ne peut pas être daté du futur.",
            "A payment cannot be dated in the future.",
        );
        v.add("paid_on", "in_future", msg);
    }
    v.finish()?;
    let payment = db
        .write(&scope, move |c, actor| {
            let found = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            if !grants::lock(c, &actor.tenant, &found.grant_id)? {
                return Err(not_found());
            }
            let row = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            // A request paid in full has nothing left: what follows answers 422.
            if row.status() == DisbursementStatus::Requested {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    format!("Une demande « {} » ne se paie pas : elle doit être approuvée.", row.status),
                    format!("A request in '{}' is not paid: it must be approved.", row.status),
                ));
            }
            let grant = grants::find(c, &actor.tenant, &row.grant_id)?.ok_or_else(grants::not_found)?;
            let tranches = grants::tranches(c, &actor.tenant, &grant.id)?;
            let tranche = tranches.iter().find(|t| t.id == row.tranche_id).ok_or_else(not_found)?;
            if let Some(previous) = tranches.iter().find(|t| t.number == tranche.number - 1) {
                let reported = reports::latest_by_tranche(c, &actor.tenant, &grant.id)?;
                if reported.get(&previous.id) != Some(&ReportStatus::Accepted) {
                    return Err(ApiError::new(REPORT_NOT_ACCEPTED).with_detail(
                        format!(
                            "La tranche {} attend l'acceptation du rapport de la tranche {}.",
                            tranche.number, previous.number
                        ),
                        format!(
                            "Tranche {} waits for the report of tranche {} to be accepted.",
                            tranche.number, previous.number
                        ),
                    ));
                }
            }
            let payments = store::payments_of_grant(c, &actor.tenant, &grant.id)?;
            let sum =
                |keep: &dyn Fn(&PaymentRow) -> bool| payments.iter().filter(|p| keep(p)).map(|p| p.amount).sum::<i64>();
            let of_request = sum(&|p| p.disbursement_id == row.id);
            let remaining = grant_rules::remaining(
                tranche.amount,
                sum(&|p| p.tranche_id == tranche.id),
                grant.amount,
                sum(&|_| true),
            )
            .min(row.amount - of_request);
            if input.amount > remaining {
                return Err(beyond_remainder("amount", remaining, grant.currency()));
            }
            let paid = PaymentRow {
                tenant_id: actor.tenant.clone(),
                id: uuid::Uuid::now_v7().to_string(),
                grant_id: grant.id.clone(),
                tranche_id: tranche.id.clone(),
                disbursement_id: row.id.clone(),
                amount: input.amount,
                paid_on: input.paid_on,
                reference: input.reference.trim().to_string(),
                recorded_by: actor.subject.clone(),
                recorded_at: modal_kit::clock::now(),
            };
            store::insert_payment(c, &paid)?;
            if of_request + input.amount == row.amount {
                let mut done = row.clone();
                done.status = code_of(&DisbursementStatus::Paid);
                store::update(c, &done)?;
            }
            let mut app = applications::find(c, &actor.tenant, &grant.application_id)?.ok_or_else(grants::not_found)?;
            if app.status() == ApplicationStatus::Contracted {
                let expected = app.version;
                history::record(c, actor, &mut app, ApplicationStatus::InProgress, Some("premier versement"))?;
                if applications::replace(c, &app, expected)? != 1 {
                    return Err(modal_kit::etag::stale());
                }
            }
            let answer = paid.answer(grant.currency());
            audit::record_created(c, actor, ("payment", &paid.id), &answer)?;
            Ok(answer)
        })
        .await?;
    Ok(HttpResponse::Created().json(payment))
}

/// A grant's disbursement requests, with their payments.
#[utoipa::path(tag = "disbursements", params(Id),
    responses((status = 200, description = "The requests", body = Vec<Disbursement>)))]
#[get("/v1/tenants/{tenant}/grants/{id}/disbursements")]
pub async fn list_disbursements(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(GRANT_READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let list = db
        .read(&scope, move |c, t| {
            let (grant, _) = grants::visible(c, t, &reader, &id)?;
            let tranches = grants::tranches(c, t, &id)?;
            let payments = store::payments_of_grant(c, t, &id)?;
            let number = |tranche: &str| tranches.iter().find(|x| x.id == tranche).map_or(0, |x| x.number);
            Ok(store::of_grant(c, t, &id)?
                .iter()
                .map(|d| d.answer(number(&d.tranche_id), grant.currency(), &payments))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
