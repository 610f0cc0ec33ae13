//! HTTP handlers for certificates: issue by rule, list, print, revoke, and the
//! public verification. Each route is declared here once, on its handler.

use super::pdf::{render, CertificatePage};
use super::types::*;
use super::{page, rules, store, template};
use crate::attendance::store as attendance;
use crate::participants::store as participants;
use crate::roles::{ORGANISERS, PARTICIPANT_READERS};
use crate::trainings::types::Language;
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use crate::VerificationLimit;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, VARY};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse, ResponseError};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::{ClientIp, Id, PublicUrl};
use modal_kit::pdf::Image;
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError, Code};
use serde_json::json;

fn not_found() -> ApiError {
    ApiError::not_found("Certificat", "Certificate")
}

/// Issue certificates to every participant who meets the training's rule and has
/// none yet. Safe to call again: nobody gets two.
#[utoipa::path(tag = "certificates", params(Id),
    responses((status = 200, description = "What was issued", body = IssueReport)))]
#[post("/v1/tenants/{tenant}/trainings/{id}/certificates")]
pub async fn issue_certificates(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let training = path.into_inner().id;
    let report = db
        .write(&scope, move |c, actor| {
            let (t, sheet) = attendance::sheet(c, &actor.tenant, &training)?;
            let existing: Vec<String> =
                store::of_training(c, &actor.tenant, &training)?.into_iter().map(|r| r.participant_id).collect();
            let people = participants::of_training(c, &actor.tenant, &training)?;
            let mut report = IssueReport { issued: Vec::new(), already_issued: 0, not_eligible: 0 };
            let now = modal_kit::clock::now();
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
                        tenant_id: actor.tenant.clone(),
                        id: uuid::Uuid::now_v7().to_string(),
                        training_id: training.clone(),
                        participant_id: p.participant_id.clone(),
                        code: rules::new_code(),
                        holder_name: p.full_name.clone(),
                        attendance_percent: p.weighted_percent,
                        issued_at: now,
                        issued_by: actor.subject.clone(),
                        revoked_at: None,
                        revocation_reason: None,
                    };
                    store::insert(c, &row)?;
                    report.issued.push(Certificate::from(&row));
                }
            }
            let ids: Vec<&str> = report.issued.iter().map(|c| c.id.as_str()).collect();
            audit::record(c, actor, "issue", ("certificate", &training), json!(ids))?;
            Ok(report)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The certificates of a training.
#[utoipa::path(tag = "certificates", params(Id),
    responses((status = 200, description = "Certificates", body = Vec<Certificate>)))]
#[get("/v1/tenants/{tenant}/trainings/{id}/certificates")]
pub async fn list_certificates(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let training = path.into_inner().id;
    let rows = db
        .read(&scope, move |c, tenant| {
            trainings::find(c, tenant, &training)?.ok_or_else(no_training)?;
            Ok(store::of_training(c, tenant, &training)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(Certificate::from).collect::<Vec<_>>()))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// A registry organisation: the certificates of the people who represent it.
    pub organisation_id: String,
}

/// The valid certificates held by people who represent an organisation (what
/// funding reads for a call that asks for a trained member).
#[utoipa::path(tag = "certificates", params(OrganisationQuery),
    responses((status = 200, description = "Valid certificates", body = Vec<Certificate>)))]
#[get("/v1/tenants/{tenant}/certificates")]
pub async fn list_organisation_certificates(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<OrganisationQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let org = query.into_inner().organisation_id;
    let rows = db.read(&scope, move |c, t| Ok(store::valid_of_organisation(c, t, &org)?)).await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(Certificate::from).collect::<Vec<_>>()))
}

/// The printable certificate (PDF) in the training's language (French, English or
/// Arabic) and the tenant's template, with a QR code to its verification.
#[utoipa::path(tag = "certificates", params(CertificatePath),
    responses(
        (status = 200, description = "PDF document", content_type = "application/pdf", body = modal_kit::http::Binary),
        (status = 409, description = "Revoked, or the holder's data was erased", content_type = "application/problem+json"),
    ))]
#[get("/v1/tenants/{tenant}/trainings/{id}/certificates/{certificate}/pdf")]
pub async fn print_certificate(
    scope: TenantScope,
    db: web::Data<Db>,
    public: web::Data<PublicUrl>,
    path: web::Path<CertificatePath>,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let CertificatePath { id: training, certificate: id } = path.into_inner();
    let (cert, t, template, logos) = db
        .read(&scope, move |c, tenant| {
            let t = trainings::find(c, tenant, &training)?.ok_or_else(no_training)?;
            let cert = store::find(c, tenant, &training, &id)?.ok_or_else(not_found)?;
            Ok((cert, t, template::input(c, tenant)?, template::logos(c, tenant)?))
        })
        .await?;
    let (Some(holder), None) = (&cert.holder_name, cert.revoked_at) else {
        return Err(ApiError::new(Code::CONFLICT).with_detail(
            "Ce certificat est révoqué ou son titulaire effacé.",
            "This certificate is revoked or its holder erased.",
        ));
    };
    // Logos were checked when uploaded; one that no longer decodes is left out.
    let logos: Vec<(String, Image)> =
        logos.into_iter().filter_map(|(slot, png)| Some((slot, Image::from_png(&png).ok()?))).collect();
    let url = format!("{}/v1/certificates/{}", public.0, cert.code);
    let bytes = render(&CertificatePage {
        language: modal_kit::text::parse_code(&t.language).unwrap_or(Language::Fr),
        holder_name: holder,
        training_title: &t.title,
        place: &format!("{}, {}", t.city, t.country),
        start: t.start_date,
        end: t.end_date,
        host_partner: &t.host_partner,
        code: &cert.code,
        verification_url: &url,
        template: &template,
        logos: &logos,
    });
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/pdf"))
        .insert_header((CONTENT_DISPOSITION, format!("inline; filename=\"certificat-{}.pdf\"", cert.code)))
        .body(bytes))
}

/// Revoke a certificate, with the reason shown to anyone who verifies it.
#[utoipa::path(tag = "certificates", params(CertificatePath), request_body = Revocation,
    responses(
        (status = 200, description = "Revoked", body = Certificate),
        (status = 409, description = "Already revoked", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/trainings/{id}/certificates/{certificate}/revoke")]
pub async fn revoke_certificate(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<CertificatePath>,
    body: web::Json<Revocation>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let mut v = Violations::new();
    v.required_text("reason", &body.reason, 500);
    v.finish()?;
    let (CertificatePath { id: training, certificate: id }, reason) =
        (path.into_inner(), body.into_inner().reason.trim().to_string());
    let revoked = db
        .write(&scope, move |c, actor| {
            let cert = store::find(c, &actor.tenant, &training, &id)?.ok_or_else(not_found)?;
            if cert.revoked_at.is_some() {
                return Err(ApiError::new(Code::CONFLICT).with_detail("Déjà révoqué.", "Already revoked."));
            }
            let now = modal_kit::clock::now();
            store::revoke(c, &actor.tenant, &id, now, &reason)?;
            audit::record(c, actor, "revoke", ("certificate", &id), json!({"reason": reason}))?;
            Ok(Certificate::from(&CertificateRow { revoked_at: Some(now), revocation_reason: Some(reason), ..cert }))
        })
        .await?;
    Ok(HttpResponse::Ok().json(revoked))
}

/// Public: is this certificate genuine? No token needed; 60 checks a minute per
/// client (its address, or the one a trusted proxy forwarded).
#[utoipa::path(tag = "certificates",
    params(("code" = String, Path, description = "Verification code printed on the certificate")),
    responses(
        (status = 200, description = "The certificate is genuine (valid or revoked): JSON, or a page for a \
browser (`Accept: text/html`) in French, English or Arabic by `Accept-Language`",
            content((Verification = "application/json"), (String = "text/html")), headers(("Vary" = String))),
        (status = 404, description = "No certificate has this code (a page for a browser)",
            content((modal_kit::http::Problem = "application/problem+json"), (String = "text/html"))),
        (status = 429, description = "Too many checks from this client", content_type = "application/problem+json",
            headers(("Retry-After" = u64))),
        (status = 503, description = "The database is unavailable", content_type = "application/problem+json"),
    ))]
#[get("/v1/certificates/{code}")]
pub async fn verify_certificate(
    req: HttpRequest,
    db: web::Data<Db>,
    limit: web::Data<VerificationLimit>,
    client: ClientIp,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    limit.0.check(&client.0.to_string())?;
    let code = code.into_inner().to_uppercase();
    let found = verification(&db, code.clone()).await;
    let vary = (VARY, "Accept, Accept-Language");
    if !page::wants_html(req.headers()) {
        return Ok(HttpResponse::Ok().insert_header(vary).json(found?));
    }
    let lang = page::PageLang::from_headers(req.headers());
    let (status, html) = match found {
        Ok(v) => (StatusCode::OK, page::certificate(&v, &code, lang)),
        Err(e) if e.status_code() == StatusCode::NOT_FOUND => (StatusCode::NOT_FOUND, page::unknown(lang)),
        Err(e) => return Err(e),
    };
    Ok(HttpResponse::build(status).insert_header(vary).content_type("text/html; charset=utf-8").body(html))
}

/// What a verification code certifies; 404 for an unknown or malformed code.
async fn verification(db: &Db, code: String) -> Result<Verification, ApiError> {
    let unknown = || ApiError::not_found("Certificat", "Certificate");
    if !rules::looks_like_code(&code) {
        return Err(unknown());
    }
    let lookup = code.clone();
    let tenant = db.run(move |c| Ok(store::tenant_of_code(c, &lookup)?)).await?.ok_or_else(unknown)?;
    let answer = db
        .read_in(&tenant, move |c, tenant| {
            let cert = store::by_code(c, tenant, &code)?.ok_or_else(unknown)?;
            let t = trainings::find(c, tenant, &cert.training_id)?.ok_or_else(unknown)?;
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
    Ok(answer)
}
