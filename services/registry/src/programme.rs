//! The programme-wide view, for `programme_admin` (`/v1/programme/…`): the
//! organisations of every tenant in one list, the figures of each tenant and their
//! total, and likely duplicates across tenants (the same diaspora organisation
//! entered by two partners). Reading only.
//!
//! Each tenant is read on a connection set to that tenant (`Db::read_in`), as
//! reporting reads the programme: row-level security stays the wall on every
//! query. The alternative — a PostgreSQL role and policy that see every tenant's
//! rows — would give one connection that sees everything, to save a query per
//! tenant.

use crate::organisations::duplicates::{answer, candidates, CandidateQuery, DuplicateCandidate};
use crate::organisations::types::{Organisation, OrganisationFilter, OrganisationRow};
use crate::organisations::{rules, store};
use crate::stats::{tally, RegistryStats};
use actix_web::{get, web, HttpRequest, HttpResponse};
use futures_util::future::try_join_all;
use modal_kit::auth::ProgrammeScope;
use modal_kit::db::Db;
use modal_kit::pagination::{self, Window};
use modal_kit::period::Period;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Organisations of every tenant, each saying its tenant, in the order of their
/// ids (time-ordered UUIDs, so the newest last and a cursor that spans tenants).
#[utoipa::path(tag = "programme", params(OrganisationFilter),
    responses((status = 200, description = "A page of every tenant's organisations", body = inline(pagination::Page<Organisation>))))]
#[get("/v1/programme/organisations")]
pub async fn list_programme_organisations(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    filter: web::Query<OrganisationFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let filter = filter.into_inner();
    rules::validate_filter(&filter)?;
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    // A page from each tenant after the cursor, then the first of them all: what
    // one query over every tenant would give, one tenant's connection at a time.
    let pages = try_join_all(scope.ids().into_iter().map(|tenant| {
        let (db, filter, window) = (db.clone(), filter.clone(), window.clone());
        async move { db.read_in(&tenant, move |c, tenant| Ok(store::list(c, tenant, &filter, &window)?)).await }
    }))
    .await?;
    let mut rows: Vec<OrganisationRow> = pages.into_iter().flatten().collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows.truncate(window.fetch() as usize);
    Ok(pagination::respond(&req, &window, rows.into_iter().map(Organisation::from).collect(), |o| &o.id))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeStats {
    /// Each tenant's figures, in the configured order.
    pub tenants: Vec<RegistryStats>,
    /// Their sum (its `tenant` is `programme`).
    pub total: RegistryStats,
}

/// The registry's figures of every tenant and their total; a period's days are
/// each tenant's own (its time zone).
#[utoipa::path(tag = "programme", params(Period),
    responses((status = 200, description = "Every tenant's figures and the total", body = ProgrammeStats)))]
#[get("/v1/programme/stats")]
pub async fn get_programme_stats(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    period: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let period = period.into_inner().check()?;
    let tenants = try_join_all(scope.tenants().map(|t| {
        let zone = t.zone().to_string();
        db.read_in(&t.id, move |c, tenant| Ok(tally(c, tenant, period, &zone)?))
    }))
    .await?;
    let mut total =
        RegistryStats { tenant: "programme".into(), from: period.from, to: period.to, ..Default::default() };
    for s in &tenants {
        total.add(s);
    }
    Ok(HttpResponse::Ok().json(ProgrammeStats { tenants, total }))
}

/// Likely duplicates across tenants: pairs of organisations of two different
/// tenants, scored as a tenant's own candidates are (`similarity`), best first.
/// Pairs within one tenant are that tenant's to see and decide.
#[utoipa::path(tag = "programme", params(CandidateQuery),
    responses((status = 200, description = "Pairs from two tenants, best first", body = Vec<DuplicateCandidate>)))]
#[get("/v1/programme/organisations/duplicates/candidates")]
pub async fn list_programme_duplicate_candidates(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    query: web::Query<CandidateQuery>,
) -> Result<HttpResponse, ApiError> {
    let (min_score, limit) = query.checked()?;
    let per_tenant = try_join_all(scope.ids().into_iter().map(|tenant| {
        let db = db.clone();
        async move { db.read_in(&tenant, |c, tenant| Ok(store::active(c, tenant)?)).await }
    }))
    .await?;
    let rows: Vec<OrganisationRow> = per_tenant.into_iter().flatten().collect();
    let across = candidates(&rows, &BTreeSet::new(), min_score)
        .into_iter()
        .filter(|(_, i, j)| rows[*i].tenant_id != rows[*j].tenant_id)
        .take(limit);
    let found = answer(&rows, across);
    Ok(HttpResponse::Ok().json(found))
}
