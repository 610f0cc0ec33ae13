//! The figures reporting reads: organisations by kind, country, status and theme,
//! partnerships by kind and status. Archived organisations are not counted.

use crate::schema::{organisations as o, partnerships as p};
use actix_web::{web, HttpResponse};
use diesel::dsl::count_star;
use diesel::prelude::*;
use modal_kit::auth::{TenantScope, ANY_READER};
use modal_kit::db::Db;
use modal_kit::text::split_set;
use modal_kit::ApiError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryStats {
    pub tenant: String,
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
#[utoipa::path(get, path = "/v1/tenants/{tenant}/stats", tag = "stats",
    params(("tenant" = String, Path, description = "Tenant id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The tenant's registry figures", body = RegistryStats)))]
pub async fn stats(scope: TenantScope, db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let tenant = scope.id().to_string();
    let stats = db
        .read(scope.id(), move |c| {
            let live = || o::table.filter(o::tenant_id.eq(tenant.clone())).filter(o::archived_at.is_null());
            let by = |rows: Vec<(String, i64)>| rows.into_iter().collect::<BTreeMap<_, _>>();
            let by_kind = by(live().group_by(o::kind).select((o::kind, count_star())).load(c)?);
            let by_country = by(live().group_by(o::country).select((o::country, count_star())).load(c)?);
            let by_status = by(live().group_by(o::status).select((o::status, count_star())).load(c)?);
            let mut by_theme = BTreeMap::new();
            let theme_sets: Vec<(String, i64)> =
                live().group_by(o::themes).select((o::themes, count_star())).load(c)?;
            for (set, n) in theme_sets {
                for theme in split_set(&set) {
                    *by_theme.entry(theme).or_insert(0) += n;
                }
            }
            let women_led = live().filter(o::women_led.eq(true)).select(count_star()).first(c)?;
            let youth_led = live().filter(o::youth_led.eq(true)).select(count_star()).first(c)?;
            let parts = || p::table.filter(p::tenant_id.eq(tenant.clone()));
            let partnerships_by_kind = by(parts().group_by(p::kind).select((p::kind, count_star())).load(c)?);
            let partnerships_by_status = by(parts().group_by(p::status).select((p::status, count_star())).load(c)?);
            Ok(RegistryStats {
                tenant: tenant.clone(),
                organisations: by_kind.values().sum(),
                by_kind,
                by_country,
                by_status,
                by_theme,
                women_led,
                youth_led,
                partnerships: partnerships_by_status.values().sum(),
                partnerships_by_kind,
                partnerships_by_status,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}
