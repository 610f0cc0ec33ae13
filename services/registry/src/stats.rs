//! The figures reporting reads: organisations by kind, country, status and theme,
//! partnerships by kind and status. Archived organisations are not counted. For a
//! period (`?from=&to=`), what was entered in the registry in it: an organisation
//! or a partnership counts on the day it was created, in the tenant's time zone.

use crate::schema::{organisations as o, partnerships as p};
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::on_engine;
use modal_kit::period::Period;
use modal_kit::text::split_set;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct RegistryStats {
    pub tenant: String,
    /// The period asked for (either end may be open).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub organisations: i64,
    pub by_kind: BTreeMap<String, i64>,
    pub by_country: BTreeMap<String, i64>,
    pub by_status: BTreeMap<String, i64>,
    pub by_theme: BTreeMap<String, i64>,
    pub women_led: i64,
    pub youth_led: i64,
    pub partnerships: i64,
    pub partnerships_by_kind: BTreeMap<String, i64>,
    pub partnerships_by_status: BTreeMap<String, i64>,
}

/// Counts for one tenant.
#[utoipa::path(tag = "stats", params(Period),
    responses((status = 200, description = "The tenant's registry figures", body = RegistryStats)))]
#[get("/v1/tenants/{tenant}/stats")]
pub async fn get_registry_stats(
    scope: TenantScope,
    db: web::Data<Db>,
    period: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let period = period.into_inner().check()?;
    let (start, end) = period.utc_range(scope.tenant.zone());
    let stats = db
        .read(&scope, move |conn, tenant| {
            let by = |rows: Vec<(String, i64)>| rows.into_iter().collect::<BTreeMap<_, _>>();
            let mut s =
                RegistryStats { tenant: tenant.to_string(), from: period.from, to: period.to, ..Default::default() };
            let theme_sets: Vec<(String, i64)> = on_engine!(conn, |c| {
                let live = || {
                    o::table
                        .filter(o::tenant_id.eq(tenant))
                        .filter(o::archived_at.is_null())
                        .filter(o::created_at.ge(start).and(o::created_at.lt(end)))
                };
                s.by_kind = by(live().group_by(o::kind).select((o::kind, count_star())).load(c)?);
                s.by_country = by(live().group_by(o::country).select((o::country, count_star())).load(c)?);
                s.by_status = by(live().group_by(o::status).select((o::status, count_star())).load(c)?);
                s.women_led = live().filter(o::women_led.eq(true)).select(count_star()).first(c)?;
                s.youth_led = live().filter(o::youth_led.eq(true)).select(count_star()).first(c)?;
                let parts = || {
                    p::table.filter(p::tenant_id.eq(tenant)).filter(p::created_at.ge(start).and(p::created_at.lt(end)))
                };
                s.partnerships_by_kind = by(parts().group_by(p::kind).select((p::kind, count_star())).load(c)?);
                s.partnerships_by_status = by(parts().group_by(p::status).select((p::status, count_star())).load(c)?);
                live().group_by(o::themes).select((o::themes, count_star())).load(c)?
            });
            for (set, n) in theme_sets {
                for theme in split_set(&set) {
                    *s.by_theme.entry(theme).or_insert(0) += n;
                }
            }
            s.organisations = s.by_kind.values().sum();
            s.partnerships = s.partnerships_by_status.values().sum();
            Ok(s)
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}
