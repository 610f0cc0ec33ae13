//! HTTP side of CSV import and export.

use super::csv::{self, ParsedRow};
use super::types::*;
use super::{identifiers, rules, store};
use crate::roles::EDITORS;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::{stream, StreamExt};
use modal_kit::auth::{Actor, TenantScope, ANY_READER};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::i18n::Lang;
use modal_kit::pagination::Window;
use modal_kit::stamp::Stamp;
use modal_kit::validate::FieldError;
use modal_kit::{audit, ApiError, Code};
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

/// Import organisations from a CSV file (UTF-8, `;` or `,`; at most 5 MiB). Columns:
/// see the README; `kind`, `name` and `country` are required.
#[utoipa::path(tag = "organisations",
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses((status = 200, description = "Line-by-line report", body = ImportReport)))]
#[post("/v1/tenants/{tenant}/organisations/import")]
pub async fn import_organisations(
    scope: TenantScope,
    db: web::Data<Db>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    scope.require(EDITORS)?;
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !(content_type.starts_with("text/csv") || content_type.starts_with("text/plain")) {
        return Err(ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE)
            .with_detail("Envoyez le fichier en text/csv.", "Send the file as text/csv."));
    }
    let bytes = body
        .to_bytes_limited(csv::MAX_BYTES)
        .await
        .map_err(|_| ApiError::too_large())?
        .map_err(|e| ApiError::new(Code::MALFORMED_REQUEST).with_cause(e))?;
    let parsed = csv::parse(&bytes)?;
    let lang = Lang::from_headers(req.headers());
    let report = db.write(&scope, move |c, actor| import_rows(c, actor, parsed, lang)).await?;
    Ok(HttpResponse::Ok().json(report))
}

fn import_rows(
    c: &mut AnyConnection,
    actor: &Actor,
    parsed: Vec<ParsedRow>,
    lang: Lang,
) -> Result<ImportReport, ApiError> {
    let mut report = ImportReport { created: 0, duplicates: 0, rejected: 0, rows: Vec::new() };
    for row in parsed {
        let line = match row.input {
            Err(violations) => {
                report.rejected += 1;
                ImportLine { line: row.line, outcome: "rejected", id: None, errors: violations.localized(lang) }
            }
            Ok(input) => {
                let stored = rules::to_row(&input, Stamp::new(actor));
                // The same organisation: same name and country, or one of its identifiers.
                let keys = identifiers::keys(&identifiers::normalised(&input.registrations));
                let same = match store::find_same(c, &actor.tenant, &stored.name_key, &stored.country)? {
                    Some(existing) => Some(existing.id),
                    None => identifiers::holder(c, &actor.tenant, &stored.id, &keys)?,
                };
                if let Some(existing) = same {
                    report.duplicates += 1;
                    ImportLine { line: row.line, outcome: "duplicate", id: Some(existing), errors: vec![] }
                } else {
                    store::insert(c, &stored)?;
                    identifiers::replace(c, &actor.tenant, &stored.id, &keys)?;
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
    audit::record(c, actor, "import", ("organisation", "*"), changes)?;
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

/// Rows read per trip to the database while exporting.
const EXPORT_BATCH: i64 = 500;

/// Export the filtered list as CSV (`;`-separated, UTF-8), formulas neutralised.
///
/// Streamed in keyset batches, each read on a connection taken for that batch
/// only: a tenant of any size is exported in bounded memory and without holding a
/// connection for the whole download. (A failure after the first batch can only
/// cut the download short: its status line is already sent.)
#[utoipa::path(tag = "organisations", params(ExportQuery),
    responses((status = 200, description = "CSV file", content_type = "text/csv", body = String)))]
#[get("/v1/tenants/{tenant}/organisations/export")]
pub async fn export_organisations(
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
        ..OrganisationFilter::default()
    };
    rules::validate_filter(&filter)?;
    let header: Vec<&str> = csv::COLUMNS.iter().copied().chain(["id", "status"]).collect();
    let mut first = encode(std::iter::once(header.iter().map(|h| h.to_string()).collect()))?;
    let (batch, next) = read_batch(&db, scope.id(), &filter, None).await?;
    first.extend(encode(batch.iter().map(|r| csv::export_record(&Organisation::from(r))))?);
    let (db, tenant) = (db.into_inner(), scope.id().to_string());
    let rest = stream::unfold(next, move |cursor| {
        let (db, tenant, filter) = (db.clone(), tenant.clone(), filter.clone());
        async move {
            let cursor = cursor?;
            let batch = read_batch(&db, &tenant, &filter, Some(cursor)).await;
            Some(
                match batch.and_then(|(rows, next)| {
                    Ok((encode(rows.iter().map(|r| csv::export_record(&Organisation::from(r))))?, next))
                }) {
                    Ok((bytes, next)) => (Ok(web::Bytes::from(bytes)), next),
                    Err(e) => (Err(actix_web::Error::from(e)), None),
                },
            )
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(first)) }).chain(rest);
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"organisations.csv\""))
        .streaming(body))
}

/// One batch after `after`, and the cursor of the next one (none after the last).
async fn read_batch(
    db: &Db,
    tenant: &str,
    filter: &OrganisationFilter,
    after: Option<String>,
) -> Result<(Vec<OrganisationRow>, Option<String>), ApiError> {
    let (f, window) = (filter.clone(), Window { limit: EXPORT_BATCH, after });
    let mut rows = db.read_in(tenant, move |c, tenant| Ok(store::list(c, tenant, &f, &window)?)).await?;
    let more = rows.len() as i64 > EXPORT_BATCH;
    rows.truncate(EXPORT_BATCH as usize);
    let next = if more { rows.last().map(|r| r.id.clone()) } else { None };
    Ok((rows, next))
}

fn encode(records: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>, ApiError> {
    let mut writer = ::csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    for record in records {
        writer.write_record(&record).map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(ApiError::internal)
}
