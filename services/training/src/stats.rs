//! The figures reporting reads: trainings held, participants by sex, mode,
//! organisation kind and country, certificates issued. Cancelled enrolments are
//! not counted; erased participants are (anonymously).
//!
//! For a period (`?from=&to=`), what happened in it: a training belongs to the
//! period that holds its last day, and so do its participants; a certificate
//! counts on the day it was issued, in the tenant's time zone.

use crate::participants::types::ParticipantStatus;
use crate::schema::{certificates as ce, participants as p, trainings as t};
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::on_engine;
use modal_kit::period::Period;
use modal_kit::text::code_of;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct TrainingStats {
    pub tenant: String,
    /// The period asked for (either end may be open).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
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
#[utoipa::path(tag = "stats", params(Period),
    responses((status = 200, description = "The tenant's training figures", body = TrainingStats)))]
#[get("/v1/tenants/{tenant}/stats")]
pub async fn get_training_stats(
    scope: TenantScope,
    db: web::Data<Db>,
    period: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let period = period.into_inner().check()?;
    let (first_day, last_day) = period.day_range();
    let (start, end) = period.utc_range(scope.tenant.zone());
    // Held: its last day is before the tenant's today (as certificates count in its days).
    let today = scope.tenant.today();
    let cancelled = code_of(&ParticipantStatus::Cancelled);
    let stats = db
        .read(&scope, move |conn, tenant| {
            let by = |rows: Vec<(String, i64)>| rows.into_iter().collect::<BTreeMap<_, _>>();
            let by_opt = |rows: Vec<(Option<String>, i64)>| {
                rows.into_iter().map(|(k, n)| (k.unwrap_or_else(|| "none".into()), n)).collect::<BTreeMap<_, _>>()
            };
            let mut s =
                TrainingStats { tenant: tenant.to_string(), from: period.from, to: period.to, ..Default::default() };
            on_engine!(conn, |c| {
                let trainings = || {
                    t::table
                        .filter(t::tenant_id.eq(tenant))
                        .filter(t::end_date.ge(first_day).and(t::end_date.le(last_day)))
                };
                s.trainings = trainings().select(count_star()).first(c)?;
                s.trainings_held = trainings().filter(t::end_date.lt(today)).select(count_star()).first(c)?;
                let counted = || {
                    p::table
                        .filter(p::tenant_id.eq(tenant))
                        .filter(p::status.ne(&cancelled))
                        .filter(p::training_id.eq_any(trainings().select(t::id)))
                };
                s.by_sex = by(counted().group_by(p::sex).select((p::sex, count_star())).load(c)?);
                s.by_mode = by(counted().group_by(p::mode).select((p::mode, count_star())).load(c)?);
                s.by_organisation_kind = by_opt(
                    counted().group_by(p::organisation_kind).select((p::organisation_kind, count_star())).load(c)?,
                );
                s.by_organisation_country = by_opt(
                    counted()
                        .group_by(p::organisation_country)
                        .select((p::organisation_country, count_star()))
                        .load(c)?,
                );
                let certs = || {
                    ce::table
                        .filter(ce::tenant_id.eq(tenant))
                        .filter(ce::issued_at.ge(start).and(ce::issued_at.lt(end)))
                };
                s.certificates_issued = certs().filter(ce::revoked_at.is_null()).select(count_star()).first(c)?;
                s.certificates_revoked = certs().filter(ce::revoked_at.is_not_null()).select(count_star()).first(c)?;
            });
            s.participants = s.by_sex.values().sum();
            Ok(s)
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}
