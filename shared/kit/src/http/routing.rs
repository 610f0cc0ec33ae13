//! Where a service declares its routes: `cfg.service(handler)` routes the handler
//! and, when the contract is being written, documents it: one declaration feeds
//! both the router and the OpenAPI document.
//!
//! This replaces utoipa-actix-web's `ServiceConfig`, which documents on every
//! registration: each worker built the whole document again and threw it away,
//! and the allocator kept about 3.5 MiB per worker resident afterwards (funding's
//! idle RSS, measured with `bench/run`). The document is built once, at start.

use actix_web::dev::HttpServiceFactory;
use actix_web::web;
use utoipa::openapi::path::Paths;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};
use utoipa_actix_web::OpenApiFactory;

type Schemas = Vec<(String, RefOr<Schema>)>;

pub struct ServiceConfig<'a> {
    app: &'a mut web::ServiceConfig,
    /// Present only while the contract is written.
    doc: Option<(&'a mut Paths, &'a mut Schemas)>,
}

impl ServiceConfig<'_> {
    /// Routes `handler` (and documents it when the contract is written).
    pub fn service<F: HttpServiceFactory + OpenApiFactory + 'static>(&mut self, handler: F) -> &mut Self {
        if let Some((paths, schemas)) = self.doc.as_mut() {
            paths.merge(handler.paths());
            handler.schemas(schemas);
        }
        self.app.service(handler);
        self
    }
}

/// Registers the routes on a worker's app, without documenting them.
pub fn route(app: &mut web::ServiceConfig, routes: impl FnOnce(&mut ServiceConfig)) {
    routes(&mut ServiceConfig { app, doc: None });
}

/// The paths and schemas the routes declare, added to `doc`.
pub fn document(mut doc: OpenApi, routes: impl FnOnce(&mut ServiceConfig)) -> OpenApi {
    let (mut paths, mut schemas) = (Paths::new(), Schemas::new());
    actix_web::App::new().configure(|app| routes(&mut ServiceConfig { app, doc: Some((&mut paths, &mut schemas)) }));
    doc.paths.merge(paths);
    doc.components.get_or_insert_with(Default::default).schemas.extend(schemas);
    doc
}
