//! HTTP handlers for results and their indicators. Each route is declared here
//! once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::roles::{EDITORS, READERS};
use actix_web::{get, post, put, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::{audit, ApiError};

pub fn result_not_found() -> ApiError {
    ApiError::not_found("Résultat", "Result")
}

pub fn indicator_not_found() -> ApiError {
    ApiError::not_found("Indicateur", "Indicator")
}

/// The results of the tenant's framework.
#[utoipa::path(tag = "framework",
    responses((status = 200, description = "The results", body = Vec<ResultAnswer>)))]
#[get("/v1/tenants/{tenant}/results")]
pub async fn list_results(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let rows = db.read(&scope, |c, tenant| Ok(store::results(c, tenant)?)).await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(ResultAnswer::from).collect::<Vec<_>>()))
}

/// Add a result (impact, outcome or output) to the tenant's framework.
#[utoipa::path(tag = "framework", request_body = ResultInput,
    responses((status = 201, description = "Added", body = ResultAnswer, headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/results")]
pub async fn create_result(
    scope: TenantScope,
    db: web::Data<Db>,
    body: web::Json<ResultInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    let created = db
        .write(&scope, move |c, actor| {
            let parent = match &input.parent_id {
                Some(p) => Some(store::find_result(c, &actor.tenant, p)?.is_some()),
                None => None,
            };
            rules::validate_result(&input, parent)?;
            let row = rules::result_row(&input, Stamp::new(actor));
            store::insert_result(c, &row)?;
            let answer = ResultAnswer::from(&row);
            audit::record_created(c, actor, ("result", &row.id), &answer)?;
            Ok(answer)
        })
        .await?;
    let location = format!("/v1/tenants/{}/results/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Replace a result. Requires `If-Match`.
#[utoipa::path(tag = "framework", params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = ResultInput,
    responses((status = 200, description = "Updated", body = ResultAnswer, headers(("ETag" = String)))))]
#[put("/v1/tenants/{tenant}/results/{id}")]
pub async fn replace_result(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<ResultInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (input, id) = (body.into_inner(), path.into_inner().id);
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find_result(c, &actor.tenant, &id)?.ok_or_else(result_not_found)?;
            let parent = match &input.parent_id {
                Some(p) if *p == id => Some(false),
                Some(p) => Some(store::find_result(c, &actor.tenant, p)?.is_some()),
                None => None,
            };
            rules::validate_result(&input, parent)?;
            let row = rules::result_row(&input, current.stamp().next(actor));
            let (before, after) = (ResultAnswer::from(&current), ResultAnswer::from(&row));
            let rev = Revision {
                action: "update",
                entity: "result",
                id: &row.id,
                version: current.version,
                before: &before,
                after: &after,
            };
            stamp::replace(c, actor, if_match, rev, |c| store::replace_result(c, &row, current.version))?;
            Ok(after)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}

/// Add an indicator to a result: a computed one of the catalogue, or a manual one.
#[utoipa::path(tag = "framework", params(Id), request_body = IndicatorInput,
    responses((status = 201, description = "Added", body = IndicatorAnswer, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The result already has this indicator", content_type = "application/problem+json")))]
#[post("/v1/tenants/{tenant}/results/{id}/indicators")]
pub async fn add_indicator(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<IndicatorInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (input, result_id) = (body.into_inner(), path.into_inner().id);
    rules::validate_indicator(&input)?;
    let created = db
        .write(&scope, move |c, actor| {
            store::find_result(c, &actor.tenant, &result_id)?.ok_or_else(result_not_found)?;
            let row = rules::indicator_row(&input, &result_id, Stamp::new(actor));
            store::insert_indicator(c, &row)?;
            let answer = IndicatorAnswer::from(&row);
            audit::record_created(c, actor, ("result_indicator", &row.id), &answer)?;
            Ok(answer)
        })
        .await?;
    let location = format!("/v1/tenants/{}/result-indicators/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Replace an indicator's baseline, targets or title (its code and kind stay). Requires `If-Match`.
#[utoipa::path(tag = "framework", params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = IndicatorInput,
    responses((status = 200, description = "Updated", body = IndicatorAnswer, headers(("ETag" = String)))))]
#[put("/v1/tenants/{tenant}/result-indicators/{id}")]
pub async fn replace_indicator(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<IndicatorInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (input, id) = (body.into_inner(), path.into_inner().id);
    rules::validate_indicator(&input)?;
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find_indicator(c, &actor.tenant, &id)?.ok_or_else(indicator_not_found)?;
            let mut row = rules::indicator_row(&input, &current.result_id, current.stamp().next(actor));
            (row.code, row.kind) = (current.code.clone(), current.kind.clone());
            let (before, after) = (IndicatorAnswer::from(&current), IndicatorAnswer::from(&row));
            let rev = Revision {
                action: "update",
                entity: "result_indicator",
                id: &row.id,
                version: current.version,
                before: &before,
                after: &after,
            };
            stamp::replace(c, actor, if_match, rev, |c| store::replace_indicator(c, &row, current.version))?;
            Ok(after)
        })
        .await?;
    Ok(etag::ok(&updated, updated.version))
}
