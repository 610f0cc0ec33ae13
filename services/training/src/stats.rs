//! The figures reporting reads: trainings held, participants by sex, mode,
//! organisation kind and country, certificates issued. Cancelled enrolments are
//! not counted; erased participants are (anonymously).

use crate::participants::types::ParticipantStatus;
use crate::schema::{certificates as c, participants as p, trainings as t};
use actix_web::{web, HttpResponse};
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::text::code_of;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingStats {
    pub tenant: String,
    pub trainings: i64,
    /// Trainings whose last day is past.
    pub trainings_held: i64,
    pub participants: i64,
    pub by_sex: BTreeMap<String, i64>,
    pub by_mode: BTreeMap<String, i64>,
    /// `none` counts participants who represent no organisation.
    pub by_organisation_kind: BTreeMap<String, i64>,
    pub by_organisation_country: BTreeMap<String, i64>,
    pub certificates_issued: i64,
    pub certificates_revoked: i64,
}

/// Counts for one tenant.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/stats", tag = "stats",
    params(("tenant" = String, Path, description = "Tenant id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The tenant's training figures", body = TrainingStats)))]
pub async fn stats(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let tenant = scope.id().to_string();
    let today = chrono::Utc::now().date_naive();
    let stats = db
        .read(scope.id(), move |conn| {
            let trainings = t::table.filter(t::tenant_id.eq(&tenant)).select(count_star()).first(conn)?;
            let trainings_held = t::table
                .filter(t::tenant_id.eq(&tenant))
                .filter(t::end_date.lt(today))
                .select(count_star())
                .first(conn)?;
            let cancelled = code_of(&ParticipantStatus::Cancelled);
            let counted = || p::table.filter(p::tenant_id.eq(tenant.clone())).filter(p::status.ne(cancelled.clone()));
            let by = |rows: Vec<(String, i64)>| rows.into_iter().collect::<BTreeMap<_, _>>();
            let by_opt = |rows: Vec<(Option<String>, i64)>| {
                rows.into_iter().map(|(k, n)| (k.unwrap_or_else(|| "none".into()), n)).collect::<BTreeMap<_, _>>()
            };
            let by_sex = by(counted().group_by(p::sex).select((p::sex, count_star())).load(conn)?);
            let by_mode = by(counted().group_by(p::mode).select((p::mode, count_star())).load(conn)?);
            let by_kind = by_opt(
                counted().group_by(p::organisation_kind).select((p::organisation_kind, count_star())).load(conn)?,
            );
            let by_country = by_opt(
                counted()
                    .group_by(p::organisation_country)
                    .select((p::organisation_country, count_star()))
                    .load(conn)?,
            );
            let certs = || c::table.filter(c::tenant_id.eq(tenant.clone()));
            let certificates_issued = certs().filter(c::revoked_at.is_null()).select(count_star()).first(conn)?;
            let certificates_revoked = certs().filter(c::revoked_at.is_not_null()).select(count_star()).first(conn)?;
            Ok(TrainingStats {
                tenant: tenant.clone(),
                trainings,
                trainings_held,
                participants: by_sex.values().sum(),
                by_sex,
                by_mode,
                by_organisation_kind: by_kind,
                by_organisation_country: by_country,
                certificates_issued,
                certificates_revoked,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}
