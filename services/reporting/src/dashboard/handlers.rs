//! HTTP handlers for the dashboard: the page with a bearer token (a tenant's, or
//! the programme's), the signed links the API issues, and the page such a link opens.

use super::links::{IssuedLink, LinkKey, LinkQuery, LIFETIME_SECS, PROGRAMME};
use super::page::{render, Column, Dashboard};
use crate::indicators::report::{programme_report, tenant_report, TenantReport};
use crate::outcomes::{store as outcomes, types::Outcome};
use crate::periods::{bad_period, ReportPeriod};
use crate::roles::READERS;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use modal_kit::auth::{ProgrammeScope, TenantScope};
use modal_kit::db::Db;
use modal_kit::http::PublicUrl;
use modal_kit::i18n::Lang;
use modal_kit::pagination::Window;
use modal_kit::tenants::Tenants;
use modal_kit::ApiError;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// What the dashboard needs besides the reports: the links' key, and when a
/// snapshot counts as old (twice the gathering period).
pub struct DashboardConfig {
    pub key: LinkKey,
    pub stale_after: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// A year (`2021`) or a quarter (`2021-Q3`).
    pub period: String,
    /// `en` for English; French otherwise (or as `Accept-Language` says).
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    /// A year (`2021`) or a quarter (`2021-Q3`).
    #[schema(example = "2021")]
    pub period: String,
    /// `en` for English (French otherwise).
    pub lang: Option<String>,
}

fn lang_of(asked: Option<&str>, req: &HttpRequest) -> Lang {
    match asked {
        Some("en") => Lang::En,
        Some(_) => Lang::Fr,
        None => Lang::from_headers(req.headers()),
    }
}

fn other(lang: Lang) -> &'static str {
    lang.pick("en", "fr")
}

fn html(status: actix_web::http::StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header(("Vary", "Accept-Language"))
        .body(body)
}

async fn outcomes_of(db: &Db, tenant: &str, period: ReportPeriod) -> Result<Vec<Outcome>, ApiError> {
    let days = Some((period.first_day(), period.last_day()));
    let window = Window::new(Some(50), None)?;
    let rows = db.read_in(tenant, move |c, t| Ok(outcomes::list(c, t, days, &window)?)).await?;
    Ok(rows.iter().map(Outcome::from).collect())
}

/// The page of `scope` (a tenant id, or `programme`) for `period`.
async fn page(
    db: &Db,
    tenants: &Tenants,
    config: &DashboardConfig,
    scope: &str,
    period: ReportPeriod,
    lang: Lang,
    switch_url: String,
) -> Result<String, ApiError> {
    let name = |id: &str| tenants.get(id).map_or(id.to_string(), |t| t.name.clone());
    let ids: Vec<String> =
        if scope == PROGRAMME { tenants.all().map(|t| t.id.clone()).collect() } else { vec![scope.to_string()] };
    let (reports, total): (Vec<TenantReport>, _) = if scope == PROGRAMME {
        let p = programme_report(db, &ids, period).await?;
        (p.tenants, Some(p.total))
    } else {
        (vec![tenant_report(db, scope, period).await?], None)
    };
    let mut outcomes = Vec::new();
    for id in &ids {
        outcomes.extend(outcomes_of(db, id, period).await?.into_iter().map(|o| (name(id), o)));
    }
    outcomes.sort_by_key(|(_, o)| std::cmp::Reverse(o.occurred_on));
    let mut columns: Vec<Column<'_>> = reports
        .iter()
        .map(|r| Column {
            name: name(&r.tenant),
            indicators: &r.indicators,
            sources: &r.sources,
            never_read: &r.never_read,
        })
        .collect();
    if let Some(total) = &total {
        // Short: it labels a chart's bars and a table's column.
        columns.push(Column { name: "Programme".into(), indicators: total, sources: &[], never_read: &[] });
    }
    let title =
        if scope == PROGRAMME { lang.pick("Programme MODAL", "MODAL programme").to_string() } else { name(scope) };
    let period_info = period.into();
    Ok(render(&Dashboard {
        lang,
        title,
        period: &period_info,
        columns,
        outcomes,
        switch_url,
        stale_after: config.stale_after,
    }))
}

/// The page of `scope` for a caller with a token: its language switch keeps the period.
async fn bearer_page(
    db: &Db,
    tenants: &Tenants,
    config: &DashboardConfig,
    scope: &str,
    query: &PageQuery,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let period = ReportPeriod::parse(&query.period).ok_or_else(bad_period)?;
    let lang = lang_of(query.lang.as_deref(), req);
    let switch = format!("?period={}&lang={}", period.label(), other(lang));
    let body = page(db, tenants, config, scope, period, lang, switch).await?;
    Ok(html(actix_web::http::StatusCode::OK, body))
}

/// The tenant's dashboard (HTML).
#[utoipa::path(tag = "dashboard", params(PageQuery),
    responses((status = 200, description = "The page", content_type = "text/html", body = String)))]
#[get("/v1/tenants/{tenant}/dashboard")]
pub async fn tenant_page(
    scope: TenantScope,
    db: web::Data<Db>,
    tenants: web::Data<Tenants>,
    config: web::Data<DashboardConfig>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    bearer_page(&db, &tenants, &config, scope.id(), &query, &req).await
}

/// The programme's dashboard: the four tenants side by side and the total (HTML).
#[utoipa::path(tag = "dashboard", params(PageQuery),
    responses((status = 200, description = "The page", content_type = "text/html", body = String)))]
#[get("/v1/programme/dashboard")]
pub async fn programme_page(
    _scope: ProgrammeScope,
    db: web::Data<Db>,
    tenants: web::Data<Tenants>,
    config: web::Data<DashboardConfig>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    bearer_page(&db, &tenants, &config, PROGRAMME, &query, &req).await
}

fn issue(config: &DashboardConfig, base: &PublicUrl, scope: &str, input: &LinkInput) -> Result<IssuedLink, ApiError> {
    let period = ReportPeriod::parse(&input.period).ok_or_else(bad_period)?.label();
    let expires_at = chrono::Utc::now() + chrono::Duration::seconds(LIFETIME_SECS);
    let expires = expires_at.timestamp();
    let sig = config.key.sign(scope, &period, expires);
    let lang = if input.lang.as_deref() == Some("en") { "en" } else { "fr" };
    let url =
        format!("{}/dashboard/view?scope={scope}&period={period}&expires={expires}&sig={sig}&lang={lang}", base.0);
    Ok(IssuedLink { url, expires_at })
}

/// A link that opens the tenant's dashboard without a token, for 15 minutes.
#[utoipa::path(tag = "dashboard", request_body = LinkInput,
    responses((status = 201, description = "The link", body = IssuedLink)))]
#[post("/v1/tenants/{tenant}/dashboard/links")]
pub async fn tenant_link(
    scope: TenantScope,
    config: web::Data<DashboardConfig>,
    base: web::Data<PublicUrl>,
    body: web::Json<LinkInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    Ok(HttpResponse::Created().json(issue(&config, &base, scope.id(), &body)?))
}

/// A link that opens the programme's dashboard without a token, for 15 minutes.
#[utoipa::path(tag = "dashboard", request_body = LinkInput,
    responses((status = 201, description = "The link", body = IssuedLink)))]
#[post("/v1/programme/dashboard/links")]
pub async fn programme_link(
    _scope: ProgrammeScope,
    config: web::Data<DashboardConfig>,
    base: web::Data<PublicUrl>,
    body: web::Json<LinkInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(issue(&config, &base, PROGRAMME, &body)?))
}

/// The page a signed link opens (no token: the link is the permission).
#[utoipa::path(tag = "dashboard", params(LinkQuery),
    responses(
        (status = 200, description = "The page", content_type = "text/html", body = String),
        (status = 403, description = "The link is forged or has expired", content_type = "text/html", body = String),
    ))]
#[get("/dashboard/view")]
pub async fn linked_page(
    db: web::Data<Db>,
    tenants: web::Data<Tenants>,
    config: web::Data<DashboardConfig>,
    link: web::Query<LinkQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let lang = lang_of(link.lang.as_deref(), &req);
    let known = link.scope == PROGRAMME || tenants.get(&link.scope).is_some();
    let period = ReportPeriod::parse(&link.period);
    let (true, Some(period), true) = (known, period, config.key.verify(&link, chrono::Utc::now().timestamp())) else {
        let text = lang.pick(
            "Ce lien a expiré ou n'est pas valide : demandez-en un nouveau.",
            "This link has expired or is not valid: ask for a new one.",
        );
        let body = format!(
            r#"<!doctype html><html lang="{}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><p style="font-family:sans-serif;padding:20px">{text}</p></html>"#,
            lang.tag()
        );
        return Ok(html(actix_web::http::StatusCode::FORBIDDEN, body));
    };
    let switch = format!(
        "?scope={}&period={}&expires={}&sig={}&lang={}",
        link.scope,
        link.period,
        link.expires,
        link.sig,
        other(lang)
    );
    let body = page(&db, &tenants, &config, &link.scope, period, lang, switch).await?;
    Ok(html(actix_web::http::StatusCode::OK, body))
}
