//! The participant exports' routes: one training, or a period across trainings.

use super::lines::{self, TrainingData};
use crate::registry::Registry;
use crate::roles::PARTICIPANT_READERS;
use crate::trainings::store as trainings;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::{Binary, Id};
use modal_kit::i18n::Lang;
use modal_kit::period::Period;
use modal_kit::spreadsheet::{self, download, CSV, XLSX};
use modal_kit::ApiError;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// At most this many trainings in one period's export (a programme's year holds a few dozen).
const MAX_TRAININGS: i64 = 500;

#[derive(Clone, Copy, Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// UTF-8 with a byte-order mark, `;` between cells.
    #[default]
    Csv,
    Xlsx,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<FileFormat>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodExportQuery {
    /// Trainings that end on or after this day.
    pub from: Option<NaiveDate>,
    /// Trainings that start on or before this day.
    pub to: Option<NaiveDate>,
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<FileFormat>,
}

/// Names of the organisations the lines name, from the registry with the caller's
/// token (an export without names would not be one a donor accepts: a registry
/// that does not answer fails the export, 502/504).
async fn names(
    registry: &Registry,
    scope: &TenantScope,
    data: &[TrainingData],
) -> Result<HashMap<String, String>, ApiError> {
    let mut names = HashMap::new();
    for id in lines::organisations(data) {
        if let Some(org) = registry.organisation(scope.id(), &id, scope.caller.token()).await? {
            names.insert(id, org.name);
        }
    }
    Ok(names)
}

fn file(
    data: &[TrainingData],
    names: &HashMap<String, String>,
    lang: Lang,
    format: FileFormat,
    stem: &str,
) -> Result<HttpResponse, ApiError> {
    let rows = lines::lines(data, names, lang);
    Ok(match format {
        FileFormat::Csv => download(spreadsheet::csv(&rows, lang)?, CSV, &format!("{stem}.csv")),
        FileFormat::Xlsx => {
            let sheet = lang.pick("Participants", "Participants").to_string();
            download(spreadsheet::xlsx(&[(sheet, rows)])?, XLSX, &format!("{stem}.xlsx"))
        }
    })
}

/// A training's participants as a spreadsheet.
#[utoipa::path(tag = "participants", params(Id, FormatQuery),
    responses(
        (status = 200, description = "CSV (UTF-8 with BOM, `;`) or XLSX (`format=xlsx`)",
            content((String = "text/csv"), (Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
#[get("/v1/tenants/{tenant}/trainings/{id}/participants/export")]
pub async fn export_training_participants(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    path: web::Path<Id>,
    query: web::Query<FormatQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let (training, lang) = (path.into_inner().id, Lang::from_headers(req.headers()));
    let data = vec![db.read(&scope, move |c, tenant| lines::gather(c, tenant, &training)).await?];
    let names = names(&registry, &scope, &data).await?;
    file(&data, &names, lang, query.format.unwrap_or_default(), "participants")
}

/// The participants of every training of a period (overlapping it), as a spreadsheet.
#[utoipa::path(tag = "participants", params(PeriodExportQuery),
    responses(
        (status = 200, description = "CSV (UTF-8 with BOM, `;`) or XLSX (`format=xlsx`)",
            content((String = "text/csv"), (Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
#[get("/v1/tenants/{tenant}/participants/export")]
pub async fn export_period_participants(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    query: web::Query<PeriodExportQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(PARTICIPANT_READERS)?;
    let query = query.into_inner();
    let period = Period { from: query.from, to: query.to }.check()?;
    let lang = Lang::from_headers(req.headers());
    let data = db
        .read(&scope, move |c, tenant| {
            let ids = trainings::in_period(c, tenant, period, MAX_TRAININGS + 1)?;
            if ids.len() as i64 > MAX_TRAININGS {
                return Err(ApiError::invalid_field(
                    "to",
                    "too_many_trainings",
                    format!("Plus de {MAX_TRAININGS} formations : réduisez la période."),
                    format!("More than {MAX_TRAININGS} trainings: narrow the period."),
                ));
            }
            ids.iter().map(|id| lines::gather(c, tenant, id)).collect::<Result<Vec<_>, _>>()
        })
        .await?;
    let names = names(&registry, &scope, &data).await?;
    let stem = match (period.from, period.to) {
        (Some(from), Some(to)) => format!("participants-{from}-{to}"),
        _ => "participants".to_string(),
    };
    file(&data, &names, lang, query.format.unwrap_or_default(), &stem)
}
