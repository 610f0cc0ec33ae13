//! reporting: the programme's indicators, computed from what the registry,
//! training and funding record (never typed in), kept as snapshots so that reports
//! answer with a service down; the outcome log; exports; the dashboard.
//!
//! [`service`] describes it to the kit's app builder: routes (each declared once,
//! on its handler), contract, error codes, migrations, and the services it reads.

pub mod dashboard;
pub mod exports;
pub mod indicators;
pub mod outcomes;
pub mod peers;
pub mod periods;
pub mod roles;
pub mod schedule;
pub mod schema;
pub mod snapshots;

use actix_web::web;
use diesel_migrations::embed_migrations;
use modal_kit::config::Settings;
use modal_kit::db::{Db, Migrations};
use modal_kit::http::{AppData, ServiceConfig, ServiceDef};
use std::sync::Arc;

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal reporting", description = "Indicators of the MODAL programme computed from the registry, training and funding, kept as snapshots; the outcome log; exports; the dashboard."),
    tags(
        (name = "indicators", description = "The catalogue, a tenant's report, the programme's report"),
        (name = "snapshots", description = "Figures gathered from the services, when, and from which release"),
        (name = "dashboard", description = "The page a programme officer reads, and the signed links that open it"),
        (name = "exports", description = "Indicators as CSV and XLSX"),
        (name = "outcomes", description = "The outcome log: dialogue, networks, new associations"),
        (name = "audit", description = "Who changed what, when"),
        (name = "operations", description = "Probes and metrics"),
    )
)]
struct ApiDoc;

/// The route table.
fn routes(cfg: &mut ServiceConfig) {
    use indicators::handlers as ind;
    use outcomes::handlers as out;
    use snapshots::handlers as snap;
    cfg.service(ind::list_definitions)
        .service(ind::get_tenant_report)
        .service(ind::get_programme_report)
        .service(snap::gather_tenant)
        .service(snap::list_latest)
        .service(snap::gather_programme)
        .service(out::list_outcomes)
        .service(out::create_outcome)
        .service(out::get_outcome)
        .service(out::replace_outcome)
        .service(exports::handlers::tenant_csv)
        .service(exports::handlers::tenant_xlsx)
        .service(exports::handlers::programme_csv)
        .service(exports::handlers::programme_xlsx)
        .service(dashboard::handlers::tenant_page)
        .service(dashboard::handlers::programme_page)
        .service(dashboard::handlers::tenant_link)
        .service(dashboard::handlers::programme_link)
        .service(dashboard::handlers::linked_page);
}

/// Made once per process: the three services' clients, the gathering schedule,
/// and the dashboard's link key.
fn data(settings: &Settings, db: &Db) -> Result<AppData, String> {
    let peers = peers::Peers::new(settings.peer("registry")?, settings.peer("training")?, settings.peer("funding")?);
    let every = schedule::start(settings, db, &peers)?;
    let peers = web::Data::new(peers);
    let dashboard = web::Data::new(dashboard::handlers::DashboardConfig {
        key: dashboard::links::LinkKey::from_env(),
        stale_after: 2 * every.unwrap_or(86_400 / 2) as i64,
    });
    Ok(Arc::new(move |cfg| {
        cfg.app_data(peers.clone()).app_data(dashboard.clone());
    }))
}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "reporting",
        port: 8084,
        peers: &["registry", "training", "funding"],
        codes: &[],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data,
    }
}
