//! The app builder every service uses: the same middleware, operational routes,
//! extractor limits and OpenAPI handling, around the service's own routes.
//!
//! As in zero2prod, `build` is separate from running: it migrates, opens the pool,
//! binds the listener (port 0 in tests) and returns the server, so tests start the
//! real application and talk to it over HTTP.

mod contract;
pub mod metrics;
mod ops;
pub mod problem;
mod serve;
mod span;

pub use serve::{serve_from_env, stop_on_signal};

pub use problem::extractors;

use crate::auth::Verifier;
use crate::config::Settings;
use crate::db::{migrate, Db, Migrations};
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

#[derive(utoipa::OpenApi)]
#[openapi(paths(crate::audit::list_audit), tags((name = "audit", description = "Who changed what, when")))]
struct AuditDoc;

/// What a service brings to the builder.
pub struct ServiceDef {
    /// Short name: `registry`, `training`…
    pub name: &'static str,
    /// The service's OpenAPI document, finished with [`finish_openapi`].
    pub openapi: OpenApi,
    pub migrations: &'static Migrations,
    /// Registers the service's routes and any app data of its own.
    pub configure: Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>,
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

/// Adds what every service's contract shares: the bearer scheme and the
/// operational routes (`/healthz`, `/readyz`, `/metrics`).
pub fn finish_openapi(mut doc: OpenApi) -> OpenApi {
    doc.merge(<ops::OpsDoc as utoipa::OpenApi>::openapi());
    doc.merge(<AuditDoc as utoipa::OpenApi>::openapi());
    contract::document_problems(&mut doc);
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    doc
}

pub async fn build(def: ServiceDef, settings: &Settings) -> Result<Running, String> {
    if settings.migrate_on_start {
        let (owner, app, migrations) = (settings.migration_url.clone(), settings.database_url.clone(), def.migrations);
        tokio::task::spawn_blocking(move || migrate(&owner, &app, migrations)).await.map_err(|e| e.to_string())??;
    }
    let db = Db::open(&settings.database_url, settings.max_connections, settings.tenants.all().map(|t| t.id.as_str()))?;
    let verifier = web::Data::new(Verifier::new(&settings.jwt)?);
    let tenants = web::Data::new(settings.tenants.clone());
    let metrics = web::Data::new(metrics::Metrics::new(def.name));
    let db_data = web::Data::new(db.clone());
    let tenant_limit = web::Data::new(crate::auth::TenantRateLimit(crate::ratelimit::RateLimiter::new(
        settings.tenant_requests_per_minute,
        std::time::Duration::from_secs(60),
    )));
    let public_url = web::Data::new(PublicUrl(settings.public_url.trim_end_matches('/').to_string()));
    let openapi = def.openapi.clone();
    let configure = def.configure.clone();

    let listener =
        TcpListener::bind(&settings.listen).map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(db_data.clone())
            .app_data(verifier.clone())
            .app_data(tenants.clone())
            .app_data(metrics.clone())
            .app_data(public_url.clone())
            .app_data(tenant_limit.clone())
            .app_data(extractors::json(extractors::JSON_LIMIT))
            .app_data(extractors::query())
            .app_data(extractors::path())
            .app_data(web::PayloadConfig::new(extractors::JSON_LIMIT))
            .wrap(from_fn(crate::idempotency::guard))
            .wrap(from_fn(problem::render_problems))
            .wrap(from_fn(metrics::record))
            .wrap(TracingLogger::<span::RequestSpan>::new())
            .configure(ops::configure)
            .service(web::resource("/v1/tenants/{tenant}/audit").route(web::get().to(crate::audit::list_audit)))
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", openapi.clone()))
            .configure(|cfg| configure(cfg))
            .default_service(web::to(ops::route_not_found))
    })
    .workers(settings.workers)
    .disable_signals()
    .shutdown_timeout(10)
    .listen(listener)
    .map_err(|e| e.to_string())?
    .run();
    Ok(Running { port, db, server })
}
