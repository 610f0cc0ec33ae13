//! HTTP side of CSV import and export.

use super::csv::{self, ParsedRow};
use super::rules::{self, RowBase};
use super::store;
use super::types::*;
use crate::roles::EDITORS;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{web, HttpRequest, HttpResponse};
use modal_kit::audit::{self, Change};
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::i18n::Lang;
use modal_kit::validate::FieldError;
use modal_kit::{ApiError, Code};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub created: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub rows: Vec<ImportLine>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportLine {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    /// `created`, `duplicate` or `rejected`.
    pub outcome: &'static str,
    /// The organisation created, or the one already registered.
    pub id: Option<String>,
    pub errors: Vec<FieldError>,
}

/// Import organisations from a CSV file (UTF-8, `;` or `,`). Columns: see the
/// README; `kind`, `name` and `country` are required.
#[utoipa::path(post, path = "/v1/tenants/{tenant}/organisations/import", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id")),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    security(("bearer" = [])),
    responses((status = 200, description = "Line-by-line report", body = ImportReport)))]
pub async fn import(
    scope: TenantScope,
    db: web::Data<Db>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !(content_type.starts_with("text/csv") || content_type.starts_with("text/plain")) {
        return Err(ApiError::new(Code::UnsupportedMediaType)
            .with_detail("Envoyez le fichier en text/csv.", "Send the file as text/csv."));
    }
    let parsed = csv::parse(&body)?;
    let lang = Lang::from_headers(req.headers());
    let (tenant, actor) = (scope.id().to_string(), scope.actor().to_string());
    let report = db.in_tenant(scope.id(), move |c| import_rows(c, &tenant, &actor, parsed, lang)).await?;
    Ok(HttpResponse::Ok().json(report))
}

fn import_rows(
    c: &mut modal_kit::db::AnyConnection,
    tenant: &str,
    actor: &str,
    parsed: Vec<ParsedRow>,
    lang: Lang,
) -> Result<ImportReport, ApiError> {
    let mut report = ImportReport { created: 0, duplicates: 0, rejected: 0, rows: Vec::new() };
    let now = audit::now();
    for row in parsed {
        let line = match row.input {
            Err(violations) => {
                report.rejected += 1;
                ImportLine { line: row.line, outcome: "rejected", id: None, errors: violations.localized(lang) }
            }
            Ok(input) => {
                let stored = rules::to_row(&input, RowBase::new(tenant, actor, now));
                if let Some(existing) = store::find_same(c, tenant, &stored.name_key, &stored.country)? {
                    report.duplicates += 1;
                    ImportLine { line: row.line, outcome: "duplicate", id: Some(existing.id), errors: vec![] }
                } else {
                    store::insert(c, &stored)?;
                    report.created += 1;
                    ImportLine { line: row.line, outcome: "created", id: Some(stored.id), errors: vec![] }
                }
            }
        };
        report.rows.push(line);
    }
    let created: Vec<&str> =
        report.rows.iter().filter(|r| r.outcome == "created").filter_map(|r| r.id.as_deref()).collect();
    let changes = json!({ "created": created, "duplicates": report.duplicates, "rejected": report.rejected });
    audit::record(c, tenant, Change { actor, action: "import", entity: "organisation", entity_id: "*", changes })?;
    Ok(report)
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    pub q: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub country: Option<String>,
    pub theme: Option<Theme>,
    pub status: Option<OrganisationStatus>,
    pub include_archived: Option<bool>,
}

/// Export the filtered list as CSV (`;`-separated, UTF-8), formulas neutralised.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/organisations/export", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant id"), ExportQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "CSV file", content_type = "text/csv", body = String)))]
pub async fn export(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let q = query.into_inner();
    let filter = OrganisationFilter {
        q: q.q,
        kind: q.kind,
        country: q.country,
        theme: q.theme,
        status: q.status,
        include_archived: q.include_archived,
        limit: None,
        after: None,
    };
    let tenant = scope.id().to_string();
    let rows = db
        .read(scope.id(), move |c| {
            let (mut all, mut after) = (Vec::new(), None::<String>);
            loop {
                let mut page = store::list(c, &tenant, &filter, after.as_deref(), 1000)?;
                page.truncate(1000);
                let done = page.len() < 1000;
                after = page.last().map(|r| r.id.clone());
                all.extend(page);
                if done {
                    return Ok(all);
                }
            }
        })
        .await?;
    let mut writer = ::csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let header: Vec<&str> = csv::COLUMNS.iter().copied().chain(["id", "status"]).collect();
    let write_err = |e: ::csv::Error| ApiError::internal(e);
    writer.write_record(&header).map_err(write_err)?;
    for row in &rows {
        writer.write_record(csv::export_record(&rules::to_response(row))).map_err(write_err)?;
    }
    let bytes = writer.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"organisations.csv\""))
        .body(bytes))
}
