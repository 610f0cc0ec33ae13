//! registry: the organisations of the MODAL programme (diaspora organisations,
//! local associations, federations…) and the partnerships between them.
//!
//! `service()` hands the routes, contract and migrations to the kit's app builder;
//! `openapi()` is the contract, committed as `openapi/registry.json`.

pub mod organisations;
pub mod partnerships;
pub mod roles;
pub mod schema;
pub mod stats;

use actix_web::web;
use diesel_migrations::embed_migrations;
use modal_kit::db::Migrations;
use modal_kit::http::ServiceDef;
use organisations::{csv, csv_handlers, handlers as orgs};
use partnerships::handlers as parts;
use std::sync::Arc;

pub const NAME: &str = "registry";
pub const DEFAULT_PORT: u16 = 8081;

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal registry", description = "Organisations and partnerships of the MODAL programme, per tenant (country partner)."),
    paths(
        orgs::list, orgs::create, orgs::get, orgs::replace, orgs::remove, orgs::change_status, orgs::duplicates,
        csv_handlers::import, csv_handlers::export,
        parts::list, parts::create, parts::get, parts::replace, parts::remove,
        stats::stats,
    ),
    tags(
        (name = "organisations", description = "Organisations: register, search, update, archive, import, export"),
        (name = "partnerships", description = "Links between a diaspora organisation and a local one"),
        (name = "stats", description = "Figures for reporting"),
    )
)]
struct ApiDoc;

/// The registry's contract, as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    modal_kit::http::finish_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// The route table. Fixed segments (`duplicates`, `import`, `export`) come before
/// `{id}` so they are not read as ids. `web::resource` answers 405 for a method a
/// path does not declare.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let t = "/v1/tenants/{tenant}";
    cfg.service(
        web::resource(format!("{t}/organisations"))
            .route(web::get().to(orgs::list))
            .route(web::post().to(orgs::create)),
    )
    .service(web::resource(format!("{t}/organisations/duplicates")).route(web::get().to(orgs::duplicates)))
    .service(web::resource(format!("{t}/organisations/export")).route(web::get().to(csv_handlers::export)))
    .service(
        web::resource(format!("{t}/organisations/import"))
            .app_data(web::PayloadConfig::new(csv::MAX_BYTES))
            .route(web::post().to(csv_handlers::import)),
    )
    .service(
        web::resource(format!("{t}/organisations/{{id}}"))
            .route(web::get().to(orgs::get))
            .route(web::put().to(orgs::replace))
            .route(web::delete().to(orgs::remove)),
    )
    .service(web::resource(format!("{t}/organisations/{{id}}/status")).route(web::post().to(orgs::change_status)))
    .service(
        web::resource(format!("{t}/partnerships"))
            .route(web::get().to(parts::list))
            .route(web::post().to(parts::create)),
    )
    .service(
        web::resource(format!("{t}/partnerships/{{id}}"))
            .route(web::get().to(parts::get))
            .route(web::put().to(parts::replace))
            .route(web::delete().to(parts::remove)),
    )
    .service(web::resource(format!("{t}/stats")).route(web::get().to(stats::stats)));
}

pub fn service() -> ServiceDef {
    ServiceDef { name: NAME, openapi: openapi(), migrations: &MIGRATIONS, configure: Arc::new(routes) }
}
