//! HTTP handlers for the outcome log. Each route is declared here once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::peers::Peers;
use crate::periods::ReportPeriod;
use crate::roles::{EDITORS, READERS};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag::{self, IfMatch};
use modal_kit::http::Id;
use modal_kit::i18n::Msg;
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::{self, Revision, Stamp};
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError};
use serde::Deserialize;
use utoipa::IntoParams;

fn not_found() -> ApiError {
    ApiError::not_found("Effet", "Outcome")
}

/// Checks the input, then the organisations and trainings it links, with the
/// registry and training, as the caller (each applies its own tenant rules).
async fn check(scope: &TenantScope, peers: &Peers, input: &OutcomeInput) -> Result<(), ApiError> {
    let mut v = rules::validate(input, scope.tenant.today());
    if v.is_empty() {
        let (tenant, token) = (scope.id(), scope.caller.token());
        for (i, id) in input.organisation_ids.iter().enumerate() {
            if !peers.organisation_exists(tenant, id, token).await? {
                let msg =
                    Msg::new("Organisation introuvable chez ce partenaire.", "No such organisation in this tenant.");
                v.add(format!("organisation_ids[{i}]"), "unknown_organisation", msg);
            }
        }
        for (i, id) in input.training_ids.iter().enumerate() {
            if !peers.training_exists(tenant, id, token).await? {
                let msg = Msg::new("Formation introuvable chez ce partenaire.", "No such training in this tenant.");
                v.add(format!("training_ids[{i}]"), "unknown_training", msg);
            }
        }
    }
    Ok(Violations::finish(v)?)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutcomeFilter {
    /// Only the outcomes dated in this year (`2021`) or quarter (`2021-Q3`).
    pub period: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

/// List the outcome log.
#[utoipa::path(tag = "outcomes", params(OutcomeFilter),
    responses((status = 200, description = "A page of outcomes", body = inline(pagination::Page<Outcome>))))]
#[get("/v1/tenants/{tenant}/outcomes")]
pub async fn list_outcomes(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<OutcomeFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let days = match filter.period.as_deref() {
        Some(label) => {
            let p = ReportPeriod::parse(label).ok_or_else(crate::periods::bad_period)?;
            Some((p.first_day(), p.last_day()))
        }
        None => None,
    };
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let rows = db.read(&scope, move |c, tenant| Ok(store::list(c, tenant, days, &w)?)).await?;
    Ok(pagination::respond(&req, &window, rows.iter().map(Outcome::from).collect(), |o| &o.id))
}

/// Record an outcome.
#[utoipa::path(tag = "outcomes", request_body = OutcomeInput,
    responses((status = 201, description = "Recorded", body = Outcome,
        headers(("Location" = String), ("ETag" = String)))))]
#[post("/v1/tenants/{tenant}/outcomes")]
pub async fn create_outcome(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    body: web::Json<OutcomeInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let input = body.into_inner();
    check(&scope, &peers, &input).await?;
    let created = db
        .write(&scope, move |c, actor| {
            let row = rules::to_row(&input, Stamp::new(actor));
            store::insert(c, &row)?;
            let outcome = Outcome::from(&row);
            audit::record_created(c, actor, ("outcome", &row.id), &outcome)?;
            Ok(outcome)
        })
        .await?;
    let location = format!("/v1/tenants/{}/outcomes/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// Read one outcome.
#[utoipa::path(tag = "outcomes", params(Id),
    responses((status = 200, description = "The outcome", body = Outcome, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/outcomes/{id}")]
pub async fn get_outcome(scope: TenantScope, db: web::Data<Db>, path: web::Path<Id>) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let id = path.into_inner().id;
    let row = db.read(&scope, move |c, tenant| Ok(store::find(c, tenant, &id)?)).await?.ok_or_else(not_found)?;
    Ok(etag::ok(&Outcome::from(&row), row.version))
}

/// Replace an outcome. Requires `If-Match`.
#[utoipa::path(tag = "outcomes",
    params(Id, ("If-Match" = String, Header, description = "The ETag read")),
    request_body = OutcomeInput,
    responses((status = 200, description = "Updated", body = Outcome, headers(("ETag" = String)))))]
#[put("/v1/tenants/{tenant}/outcomes/{id}")]
pub async fn replace_outcome(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    path: web::Path<Id>,
    body: web::Json<OutcomeInput>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let (input, id) = (body.into_inner(), path.into_inner().id);
    check(&scope, &peers, &input).await?;
    let updated = db
        .write(&scope, move |c, actor| {
            let current = store::find(c, &actor.tenant, &id)?.ok_or_else(not_found)?;
            let row = rules::to_row(&input, current.stamp().next(actor));
            let (before, after) = (Outcome::from(&current), Outcome::from(&row));
            let rev = Revision {
                action: "update",
                entity: "outcome",
                id: &row.id,
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
