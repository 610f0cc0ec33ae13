//! HTTP handlers for a tenant's certificate template and its logos.

use super::template::{self, CertificateTemplate, CertificateTemplateInput, LogoPath};
use crate::roles::ORGANISERS;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{delete, get, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::pdf::Image;
use modal_kit::{audit, ApiError, Code};
use serde_json::json;

/// The certificate template: signatories, wording per language, funders, the
/// logos uploaded. A tenant that set nothing gets the programme's defaults.
#[utoipa::path(tag = "certificates",
    responses((status = 200, description = "The template", body = CertificateTemplate)))]
#[get("/v1/tenants/{tenant}/certificate-template")]
pub async fn get_certificate_template(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let found = db.read(&scope, |c, tenant| Ok(template::find(c, tenant)?)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Set the template (replaced whole); the certificates printed from now on use it.
#[utoipa::path(tag = "certificates", request_body = CertificateTemplateInput,
    responses((status = 200, description = "The template as stored", body = CertificateTemplate)))]
#[put("/v1/tenants/{tenant}/certificate-template")]
pub async fn replace_certificate_template(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<CertificateTemplateInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let input = body.into_inner();
    template::validate(&input)?;
    let document = serde_json::to_string(&input).map_err(ApiError::internal)?;
    let stored = db
        .write(&scope, move |c, actor| {
            template::replace(c, &actor.tenant, &document, modal_kit::clock::now(), &actor.subject)?;
            audit::record(c, actor, "replace", ("certificate_template", &actor.tenant), json!(input))?;
            Ok(template::find(c, &actor.tenant)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(stored))
}

/// Upload a logo (a PNG of at most 64 KiB and 1,024 × 1,024 pixels) into its slot:
/// `partner`, or `funder-1`… for the funders in the template's order.
#[utoipa::path(tag = "certificates",
    params(LogoPath),
    request_body(content = modal_kit::http::Binary, content_type = "image/png"),
    responses(
        (status = 204, description = "Stored"),
        (status = 413, description = "Larger than 64 KiB", content_type = "application/problem+json"),
        (status = 415, description = "Not a PNG image", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/certificate-template/logos/{slot}")]
pub async fn put_certificate_logo(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<LogoPath>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let slot = path.into_inner().slot.as_str();
    let declared = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let (false, _) | (_, Err(_)) = (declared.starts_with("image/png"), Image::from_png(&body)) {
        return Err(ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE)
            .with_detail("Un logo est une image PNG (image/png).", "A logo is a PNG image (image/png)."));
    }
    db.write(&scope, move |c, actor| {
        template::set_logo(c, &actor.tenant, slot, Some(&body), modal_kit::clock::now(), &actor.subject)?;
        audit::record(c, actor, "upload_logo", ("certificate_template", &actor.tenant), json!({"slot": slot}))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove the logo in a slot.
#[utoipa::path(tag = "certificates",
    params(LogoPath),
    responses((status = 204, description = "Removed"), (status = 404, description = "No logo there", content_type = "application/problem+json")))]
#[delete("/v1/tenants/{tenant}/certificate-template/logos/{slot}")]
pub async fn delete_certificate_logo(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<LogoPath>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ORGANISERS)?;
    let slot = path.into_inner().slot.as_str();
    db.write(&scope, move |c, actor| {
        if !template::set_logo(c, &actor.tenant, slot, None, modal_kit::clock::now(), &actor.subject)? {
            return Err(ApiError::not_found("Logo", "Logo"));
        }
        audit::record(c, actor, "remove_logo", ("certificate_template", &actor.tenant), json!({"slot": slot}))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
