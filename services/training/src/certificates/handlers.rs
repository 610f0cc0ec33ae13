//! HTTP handlers for certificates: issue by rule, list, print, revoke, and the
//! public verification.

use super::pdf::{render, CertificatePage};
use super::rules;
use super::store;
use super::types::*;
use crate::attendance;
use crate::roles::{ORGANISERS, PARTICIPANT_READERS};
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpRequest, HttpResponse};
use modal_kit::audit::{self, Change};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::PublicUrl;
use modal_kit::ratelimit::RateLimiter;
use modal_kit::{ApiError, Code};
use serde_json::json;

fn not_found() -> ApiError {
    ApiError::not_found("Certificat", "Certificate")
}

/// Issue certificates to every participant who meets the training's rule and has
/// none yet. Safe to call again: nobody gets two.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/trainings/{id}/certificates", tag = "certificates",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id")),
    security(("bearer" = [])),
    responses((status = 200, description = "What was issued", body = IssueReport)))]
pub async fn issue(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let (tenant, actor, training) = (scope.id().to_string(), scope.actor().to_string(), path.into_inner().1);
    let report = db
        .in_tenant(scope.id(), move |c| {
            let (t, sheet) = attendance::sheet(c, &tenant, &training)?;
            let existing: Vec<String> =
                store::of_training(c, &tenant, &training)?.into_iter().map(|r| r.participant_id).collect();
            let people = crate::participants::store::of_training(c, &tenant, &training)?;
            let mut report = IssueReport { issued: Vec::new(), already_issued: 0, not_eligible: 0 };
            let now = audit::now();
            for p in &sheet.participants {
                let status = people.iter().find(|x| x.id == p.participant_id).map_or("", |x| x.status.as_str());
                let marks: Vec<_> = p.marks.values().copied().collect();
                if existing.contains(&p.participant_id) {
                    report.already_issued += 1;
                } else if p.full_name.is_none()
                    || !rules::eligible(status, &marks, sheet.days.len(), t.certificate_threshold)
                {
                    report.not_eligible += 1;
                } else {
                    let row = CertificateRow {
                        tenant_id: tenant.clone(),
                        id: uuid::Uuid::now_v7().to_string(),
                        training_id: training.clone(),
                        participant_id: p.participant_id.clone(),
                        code: rules::new_code(),
                        holder_name: p.full_name.clone(),
                        attendance_percent: p.weighted_percent,
                        issued_at: now,
                        issued_by: actor.clone(),
                        revoked_at: None,
                        revocation_reason: None,
                    };
                    store::insert(c, &row)?;
                    report.issued.push(rules::to_response(&row));
                }
            }
            let ids: Vec<&str> = report.issued.iter().map(|c| c.id.as_str()).collect();
            audit::record(
                c,
                &tenant,
                Change {
                    actor: &actor,
                    action: "issue",
                    entity: "certificate",
                    entity_id: &training,
                    changes: json!(ids),
                },
            )?;
            Ok(report)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The certificates of a training.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/certificates", tag = "certificates",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id")),
    security(("bearer" = [])),
    responses((status = 200, description = "Certificates", body = Vec<Certificate>)))]
pub async fn list(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (tenant, training) = (scope.id().to_string(), path.into_inner().1);
    let rows = db
        .read(scope.id(), move |c| {
            trainings::find(c, &tenant, &training)?.ok_or_else(no_training)?;
            Ok(store::of_training(c, &tenant, &training)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(rules::to_response).collect::<Vec<_>>()))
}

/// The printable certificate (PDF, French), with a QR code to its verification.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/trainings/{id}/certificates/{certificate}/pdf", tag = "certificates",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("certificate" = String, Path, description = "Certificate id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "PDF document", content_type = "application/pdf", body = Vec<u8>),
        (status = 409, description = "Revoked, or the holder's data was erased", content_type = "application/problem+json"),
    ))]
pub async fn pdf(
    scope: TenantScope,
    db: web::Data<Db>,
    public: web::Data<PublicUrl>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (_, training, id) = path.into_inner();
    let tenant = scope.id().to_string();
    let (cert, t) = db
        .read(scope.id(), move |c| {
            let t = trainings::find(c, &tenant, &training)?.ok_or_else(no_training)?;
            let cert = store::find(c, &tenant, &training, &id)?.ok_or_else(not_found)?;
            Ok((cert, t))
        })
        .await?;
    let (Some(holder), None) = (&cert.holder_name, cert.revoked_at) else {
        return Err(ApiError::new(Code::Conflict).with_detail(
            "Ce certificat est révoqué ou son titulaire effacé.",
            "This certificate is revoked or its holder erased.",
        ));
    };
    let url = format!("{}/v1/certificates/{}", public.0, cert.code);
    let dates = format!("du {} au {}", t.start_date.format("%d/%m/%Y"), t.end_date.format("%d/%m/%Y"));
    let bytes = render(&CertificatePage {
        holder_name: holder,
        training_title: &t.title,
        place: &format!("{}, {}", t.city, t.country),
        dates: &dates,
        host_partner: &t.host_partner,
        code: &cert.code,
        verification_url: &url,
    });
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/pdf"))
        .insert_header((CONTENT_DISPOSITION, format!("inline; filename=\"certificat-{}.pdf\"", cert.code)))
        .body(bytes))
}

/// Revoke a certificate, with the reason shown to anyone who verifies it.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/trainings/{id}/certificates/{certificate}/revoke", tag = "certificates",
    params(("tenant" = String, Path, description = "Tenant id"), ("id" = String, Path, description = "Training id"),
        ("certificate" = String, Path, description = "Certificate id")),
    request_body = Revocation,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Revoked", body = Certificate),
        (status = 409, description = "Already revoked", content_type = "application/problem+json"),
    ))]
pub async fn revoke(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<(String, String, String)>,
    body: web::Json<Revocation>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let mut v = modal_kit::validate::Violations::new();
    v.required_text("reason", &body.reason, 500);
    v.finish()?;
    let (_, training, id) = path.into_inner();
    let (tenant, actor, reason) =
        (scope.id().to_string(), scope.actor().to_string(), body.into_inner().reason.trim().to_string());
    let revoked = db
        .in_tenant(scope.id(), move |c| {
            let cert = store::find(c, &tenant, &training, &id)?.ok_or_else(not_found)?;
            if cert.revoked_at.is_some() {
                return Err(ApiError::new(Code::Conflict).with_detail("Déjà révoqué.", "Already revoked."));
            }
            let now = audit::now();
            store::revoke(c, &tenant, &id, now, &reason)?;
            audit::record(
                c,
                &tenant,
                Change {
                    actor: &actor,
                    action: "revoke",
                    entity: "certificate",
                    entity_id: &id,
                    changes: json!({"reason": reason}),
                },
            )?;
            Ok(rules::to_response(&CertificateRow { revoked_at: Some(now), revocation_reason: Some(reason), ..cert }))
        })
        .await?;
    Ok(HttpResponse::Ok().json(revoked))
}

/// Public: is this certificate genuine? No token needed; rate-limited per client.
#[utoipa::path(get, path = "/v1/certificates/{code}", tag = "certificates",
    params(("code" = String, Path, description = "Verification code printed on the certificate")),
    responses(
        (status = 200, description = "The certificate is genuine (valid or revoked)", body = Verification),
        (status = 404, description = "No certificate has this code", content_type = "application/problem+json"),
        (status = 429, description = "Too many checks from this client", content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
        (status = 503, description = "The database is unavailable", content_type = "application/problem+json"),
    ))]
pub async fn verify(
    db: web::Data<Db>,
    limiter: web::Data<RateLimiter>,
    code: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let client = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    limiter.check(&client)?;
    let code = code.into_inner().to_uppercase();
    let unknown = || ApiError::not_found("Certificat", "Certificate");
    if !rules::looks_like_code(&code) {
        return Err(unknown());
    }
    let lookup = code.clone();
    let tenant = db.run(move |c| Ok(store::tenant_of_code(c, &lookup)?)).await?.ok_or_else(unknown)?;
    let t2 = tenant.clone();
    let answer = db
        .read(&tenant, move |c| {
            let cert = store::by_code(c, &t2, &code)?.ok_or_else(unknown)?;
            let t = trainings::find(c, &t2, &cert.training_id)?.ok_or_else(unknown)?;
            Ok(Verification {
                status: if cert.revoked_at.is_some() { "revoked" } else { "valid" }.to_string(),
                holder_name: cert.holder_name,
                training_title: t.title,
                host_partner: t.host_partner,
                place: format!("{}, {}", t.city, t.country),
                start_date: t.start_date,
                end_date: t.end_date,
                issued_on: cert.issued_at.date(),
                revoked_on: cert.revoked_at.map(|r| r.date()),
                revocation_reason: cert.revocation_reason,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
