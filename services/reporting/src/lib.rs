//! reporting: the programme's indicators, computed from what the registry,
//! training and funding record (never typed in), kept as snapshots so that reports
//! answer with a service down; the outcome log; exports; the dashboard.
//!
//! [`service`] describes it to the kit's app builder: routes (each declared once,
//! on its handler), contract, error codes, migrations, and the services it reads.

pub mod dashboard;
pub mod exports;
pub mod framework;
pub mod iati;
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
        (name = "exports", description = "Indicators as CSV and XLSX; the programme and its funded projects as IATI 2.03 XML"),
        (name = "framework", description = "The results framework: results, indicators, targets, manual values and their review"),
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
        .service(iati::handlers::programme_iati)
        .service(framework::handlers::list_results)
        .service(framework::handlers::create_result)
        .service(framework::handlers::replace_result)
        .service(framework::handlers::add_indicator)
        .service(framework::handlers::replace_indicator)
        .service(framework::values::put_value)
        .service(framework::values::submit_value)
        .service(framework::values::review_value)
        .service(framework::view::get_tenant_framework)
        .service(framework::view::get_programme_framework)
        .service(dashboard::handlers::tenant_page)
        .service(dashboard::handlers::programme_page)
        .service(dashboard::handlers::tenant_link)
        .service(dashboard::handlers::programme_link)
        .service(dashboard::handlers::linked_page);
}

/// Made once per process: the three services' clients, the gathering schedule,
/// the dashboard's link key, and the IATI export's configuration (`MODAL_IATI_*`).
fn data(settings: &Settings, db: &Db) -> Result<AppData, String> {
    // First: a configuration the standard would refuse stops the start before the schedule runs.
    let iati = web::Data::new(iati::config::IatiConfig::from_env()?);
    let peers = peers::Peers::new(settings.peer("registry")?, settings.peer("training")?, settings.peer("funding")?);
    let every = schedule::start(settings, db, &peers)?;
    let peers = web::Data::new(peers);
    let dashboard = web::Data::new(dashboard::handlers::DashboardConfig {
        key: dashboard::links::LinkKey::from_env(),
        stale_after: 2 * every.unwrap_or(86_400 / 2) as i64,
    });
    Ok(Arc::new(move |cfg| {
        cfg.app_data(peers.clone()).app_data(dashboard.clone()).app_data(iati.clone());
    }))
}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "reporting",
        port: 8084,
        peers: &["registry", "training", "funding"],
        codes: &[modal_kit::transition::INVALID_TRANSITION],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data,
    }
}
