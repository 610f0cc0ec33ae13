//! The app builder every service uses: the same middleware, operational routes,
//! extractor limits and OpenAPI handling, around the service's own routes.
//!
//! A service describes itself once, in a [`ServiceDef`]: its name and port, the
//! services it calls, its error codes, its migrations and its routes. A route is
//! declared once, on its handler (`#[utoipa::path]` over actix's `#[get("/…")]`),
//! and registered once, with `cfg.service(handler)` on the kit's [`ServiceConfig`]:
//! that one registration both routes it and documents it, so a route cannot be
//! served undocumented nor documented unserved.
//!
//! As in zero2prod, `build` is separate from running: it migrates, opens the pool,
//! binds the listener (port 0 in tests) and returns the server, so tests start the
//! real application and talk to it over HTTP.

mod contract;
pub mod idempotency;
pub mod metrics;
mod ops;
pub mod problem;
mod routing;
mod serve;
mod span;

pub use crate::client_ip::{ClientIp, TrustedProxies};
pub use contract::Problem;
pub use problem::extractors;
pub use routing::ServiceConfig;
pub use serve::{main, serve_from_env, stop_on_signal};

use crate::auth::{refresh_periodically, TenantRateLimit, Verifier};
use crate::config::Settings;
use crate::db::{check_role, migrate, Db, Migrations};
use crate::error::Code;
use crate::ratelimit::RateLimiter;
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tracing_actix_web::TracingLogger;
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

/// App data of a service's own (peer clients, limiters), made once per process.
pub type AppData = Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>;

/// Everything the kit needs to know about a service.
pub struct ServiceDef {
    /// Short name: `registry`, `training`… (its database file, its binary, its contract).
    pub name: &'static str,
    /// The port it listens on by default.
    pub port: u16,
    /// The services it calls; their addresses come from `MODAL_<NAME>_URL`.
    pub peers: &'static [&'static str],
    /// The error codes it raises besides the kit's ([`Code::KIT`]).
    pub codes: &'static [Code],
    pub migrations: &'static Migrations,
    /// The contract's title, description and tags (its paths come from `routes`).
    pub doc: fn() -> OpenApi,
    /// Registers every route with `cfg.service(handler)`.
    pub routes: fn(&mut ServiceConfig),
    /// Makes the service's own app data from its settings, once per process; it
    /// may also start the service's background work (reporting's scheduled
    /// gathering), which is why it is given the database.
    pub data: fn(&Settings, &Db) -> Result<AppData, String>,
}

/// For a service without app data of its own.
pub fn no_data(_: &Settings, _: &Db) -> Result<AppData, String> {
    Ok(Arc::new(|_| {}))
}

impl ServiceDef {
    /// The service's contract, as served at `/openapi.json` and committed in `openapi/`.
    pub fn openapi(&self) -> OpenApi {
        let routes = self.routes;
        contract::finish(routing::document((self.doc)(), |cfg| all_routes(cfg, routes)), self.codes)
    }
}

/// The kit's routes (probes, metrics, audit trail), then the service's.
fn all_routes(cfg: &mut ServiceConfig, service: fn(&mut ServiceConfig)) {
    cfg.service(ops::healthz).service(ops::readyz).service(ops::metrics).service(crate::audit::list_audit_events);
    service(cfg);
}

/// The address clients use to reach this service (for links such as a
/// certificate's verification URL), without a trailing slash.
#[derive(Clone, Debug)]
pub struct PublicUrl(pub String);

/// A started (not yet awaited) service.
pub struct Running {
    pub port: u16,
    pub db: Db,
    server: Server,
}

impl Running {
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

pub async fn build(def: ServiceDef, settings: &Settings) -> Result<Running, String> {
    Code::check_table(def.codes)?;
    if settings.migrate_on_start {
        let (owner, app, migrations) = (settings.migration_url.clone(), settings.database_url.clone(), def.migrations);
        tokio::task::spawn_blocking(move || migrate(&owner, &app, migrations)).await.map_err(|e| e.to_string())??;
    }
    let db = Db::open(&settings.database_url, settings.max_connections, settings.tenants.all().map(|t| t.id.as_str()))?;
    refuse_privileged_role(&db, settings.allow_privileged_db_role).await?;
    let verifier = web::Data::new(Verifier::new(&settings.jwt)?);
    tokio::spawn(refresh_periodically(verifier.clone().into_inner()));
    let tenants = web::Data::new(settings.tenants.clone());
    let metrics = web::Data::new(metrics::Metrics::new(def.name));
    let db_data = web::Data::new(db.clone());
    let tenant_limit =
        web::Data::new(TenantRateLimit(RateLimiter::new(settings.tenant_requests_per_minute, Duration::from_secs(60))));
    let proxies = web::Data::new(settings.trusted_proxies.clone());
    let openapi = def.openapi();
    let known_routes = web::Data::new(ops::Routes::of(&openapi));
    let contract_json = openapi.to_json().map_err(|e| format!("contract: {e}"))?;
    let contract_json = web::Data::new(ops::ContractJson(web::Bytes::from(contract_json)));
    let (service_routes, service_data) = (def.routes, (def.data)(settings, &db)?);
    if !def.peers.is_empty() {
        // Not awaited: `/readyz` answers while the peers' client loads its certificates.
        tokio::task::spawn_blocking(crate::client::warm_up);
    }

    let listener =
        TcpListener::bind(&settings.listen).map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    // `Settings::local` on port 0 (tests) names the port picked, not 0.
    let public_url = match settings.public_url.trim_end_matches('/').strip_suffix(":0") {
        Some(host) => format!("{host}:{port}"),
        None => settings.public_url.trim_end_matches('/').to_string(),
    };
    let public_url = web::Data::new(PublicUrl(public_url));
    let server = HttpServer::new(move || {
        App::new()
            .configure(|app| routing::route(app, |cfg| all_routes(cfg, service_routes)))
            .configure(|cfg| service_data(cfg))
            .app_data(db_data.clone())
            .app_data(verifier.clone())
            .app_data(tenants.clone())
            .app_data(metrics.clone())
            .app_data(public_url.clone())
            .app_data(tenant_limit.clone())
            .app_data(proxies.clone())
            .app_data(known_routes.clone())
            .app_data(extractors::json(extractors::JSON_LIMIT))
            .app_data(extractors::query())
            .app_data(extractors::path())
            .app_data(web::PayloadConfig::new(extractors::JSON_LIMIT))
            .service(web::resource("/docs").route(web::get().to(ops::docs_redirect)))
            .app_data(contract_json.clone())
            .service(web::resource("/openapi.json").route(web::get().to(ops::openapi_json)))
            .service(SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/openapi.json"])))
            .default_service(web::to(ops::unrouted))
            .wrap(from_fn(idempotency::guard))
            .wrap(from_fn(problem::render_problems))
            .wrap(from_fn(metrics::record))
            .wrap(TracingLogger::<span::RequestSpan>::new())
    })
    .workers(settings.workers)
    .disable_signals()
    .shutdown_timeout(10)
    .listen(listener)
    .map_err(|e| e.to_string())?
    .run();
    Ok(Running { port, db, server })
}

/// A service on PostgreSQL refuses a role that row-level security would not bind
/// (see `db::check_role`), unless told it is a trial.
async fn refuse_privileged_role(db: &Db, allowed: bool) -> Result<(), String> {
    let verdict = db.run(|c| Ok(check_role(c))).await.map_err(|e| format!("database: {e}"))?;
    match verdict {
        Err(why) if allowed => {
            tracing::warn!("{why} (allowed by MODAL_ALLOW_PRIVILEGED_DB_ROLE: a trial, not a deployment)");
            Ok(())
        }
        other => other,
    }
}

/// The `{id}` of a record's path (the `{tenant}` comes with the `TenantScope`).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Id {
    /// The record's id.
    pub id: String,
}

/// A file's bytes in the contract (`type: string, format: binary`), for uploads
/// and downloads; `Vec<u8>` alone would read as an array of integers.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Binary(pub Vec<u8>);
