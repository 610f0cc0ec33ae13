//! HTTP handlers for exports: a tenant's indicators, or the programme's, as CSV or
//! XLSX, in French (English by `Accept-Language`).

use super::table::{as_of, header, lines, Cell};
use crate::indicators::report::{programme_report, tenant_report, ProgrammeReport};
use crate::periods::PeriodQuery;
use crate::roles::READERS;
use actix_web::{get, web, HttpRequest, HttpResponse};
use modal_kit::auth::{ProgrammeScope, TenantScope};
use modal_kit::db::Db;
use modal_kit::i18n::Lang;
use modal_kit::spreadsheet::{self as files, download, CSV, XLSX};
use modal_kit::ApiError;

fn programme_name(lang: Lang) -> &'static str {
    lang.pick("Programme MODAL", "MODAL programme")
}

/// The programme's report as sheets: one per tenant, then the programme's total.
fn programme_sheets(report: &ProgrammeReport, names: &[(String, String)], lang: Lang) -> Vec<(String, Vec<Vec<Cell>>)> {
    let label = &report.period.label;
    let mut sheets: Vec<(String, Vec<Vec<Cell>>)> = report
        .tenants
        .iter()
        .map(|t| {
            let name = names.iter().find(|(id, _)| *id == t.tenant).map_or(t.tenant.as_str(), |(_, n)| n.as_str());
            let mut rows = vec![header(lang)];
            rows.extend(lines(name, label, &t.indicators, &as_of(t), lang));
            (name.to_string(), rows)
        })
        .collect();
    let oldest = report.tenants.iter().map(as_of).filter(|s| !s.is_empty()).min().unwrap_or_default();
    let mut total = vec![header(lang)];
    total.extend(lines(programme_name(lang), label, &report.total, &oldest, lang));
    sheets.push(("Programme".to_string(), total));
    sheets
}

/// The tenant's sheet for the asked period: its name, its label, its lines.
async fn tenant_sheet(
    scope: &TenantScope,
    db: &Db,
    query: &PeriodQuery,
    lang: Lang,
) -> Result<(String, Vec<Vec<Cell>>), ApiError> {
    scope.require(READERS)?;
    let report = tenant_report(db, scope.id(), query.check()?).await?;
    let mut rows = vec![header(lang)];
    rows.extend(lines(&scope.tenant.name, &report.period.label, &report.indicators, &as_of(&report), lang));
    Ok((report.period.label, rows))
}

/// Every tenant's report for the asked period, as sheets, and the period's label.
async fn programme_book(
    scope: &ProgrammeScope,
    db: &Db,
    query: &PeriodQuery,
    lang: Lang,
) -> Result<(String, Vec<(String, Vec<Vec<Cell>>)>), ApiError> {
    let names: Vec<(String, String)> = scope.tenants().map(|t| (t.id.clone(), t.name.clone())).collect();
    let ids: Vec<String> = names.iter().map(|(id, _)| id.clone()).collect();
    let report = programme_report(db, &ids, query.check()?).await?;
    Ok((report.period.label.clone(), programme_sheets(&report, &names, lang)))
}

/// The tenant's indicators for a period as CSV.
#[utoipa::path(tag = "exports", params(PeriodQuery),
    responses((status = 200, description = "CSV (UTF-8 with BOM, `;`)", content_type = "text/csv", body = String)))]
#[get("/v1/tenants/{tenant}/exports/indicators.csv")]
pub async fn tenant_csv(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::from_headers(req.headers());
    let (label, rows) = tenant_sheet(&scope, &db, &query, lang).await?;
    Ok(download(files::csv(&rows, lang)?, CSV, &format!("indicateurs-{}-{label}.csv", scope.id())))
}

/// The tenant's indicators for a period as XLSX.
#[utoipa::path(tag = "exports", params(PeriodQuery),
    responses((status = 200, description = "An XLSX workbook",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String)))]
#[get("/v1/tenants/{tenant}/exports/indicators.xlsx")]
pub async fn tenant_xlsx(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::from_headers(req.headers());
    let (label, rows) = tenant_sheet(&scope, &db, &query, lang).await?;
    let book = files::xlsx(&[(scope.tenant.name.clone(), rows)])?;
    Ok(download(book, XLSX, &format!("indicateurs-{}-{label}.xlsx", scope.id())))
}

/// Every tenant's indicators and the programme's total as CSV (programme team).
#[utoipa::path(tag = "exports", params(PeriodQuery),
    responses((status = 200, description = "CSV (UTF-8 with BOM, `;`)", content_type = "text/csv", body = String)))]
#[get("/v1/programme/exports/indicators.csv")]
pub async fn programme_csv(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::from_headers(req.headers());
    let (label, sheets) = programme_book(&scope, &db, &query, lang).await?;
    // One table: the sheets one after the other, under one header.
    let mut rows = vec![header(lang)];
    for (_, sheet) in sheets {
        rows.extend(sheet.into_iter().skip(1));
    }
    Ok(download(files::csv(&rows, lang)?, CSV, &format!("indicateurs-programme-{label}.csv")))
}

/// One sheet per tenant and one for the programme, as XLSX (programme team).
#[utoipa::path(tag = "exports", params(PeriodQuery),
    responses((status = 200, description = "An XLSX workbook",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String)))]
#[get("/v1/programme/exports/indicators.xlsx")]
pub async fn programme_xlsx(
    scope: ProgrammeScope,
    db: web::Data<Db>,
    query: web::Query<PeriodQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::from_headers(req.headers());
    let (label, sheets) = programme_book(&scope, &db, &query, lang).await?;
    Ok(download(files::xlsx(&sheets)?, XLSX, &format!("indicateurs-programme-{label}.xlsx")))
}
