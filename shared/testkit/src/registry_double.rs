//! A stand-in for the registry, for services that read organisations from it
//! (training, funding) and are tested alone: it answers the one read they make,
//! `GET /v1/tenants/{tenant}/organisations/{id}`, in the shape of the registry's
//! contract (`openapi/registry.json`, `Organisation`; a whole-system test holds it
//! to that), with the same token checks (the kit's `TenantScope`: 401, 403 for
//! another tenant, 404 for an unknown id). It records the `traceparent` of each
//! call, so a test can show that trace context crossed the wire.
//!
//! Whole-system tests (`tests/` at the root) use the real registry instead.

use crate::SECRET;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use modal_kit::auth::{JwtSettings, KeySource, TenantScope, Verifier};
use modal_kit::config::{DEFAULT_AUDIENCE, DEFAULT_ISSUER};
use modal_kit::error::{ApiError, Code};
use modal_kit::tenants::Tenants;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct State {
    /// (tenant, id) → the organisation as the registry answers it.
    organisations: HashMap<(String, String), Value>,
    traceparents: Vec<String>,
}

#[derive(Clone)]
pub struct RegistryDouble {
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl RegistryDouble {
    /// Starts the double on a free port of 127.0.0.1.
    pub async fn start() -> RegistryDouble {
        let state = Arc::new(Mutex::new(State::default()));
        let verifier = web::Data::new(
            Verifier::new(&JwtSettings {
                keys: KeySource::Secret(SECRET.into()),
                issuer: DEFAULT_ISSUER.into(),
                audience: DEFAULT_AUDIENCE.into(),
                leeway_secs: 30,
            })
            .expect("verifier"),
        );
        let tenants = web::Data::new(Tenants::programme_default());
        let data = web::Data::from(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("address").port();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(verifier.clone())
                .app_data(tenants.clone())
                .app_data(data.clone())
                .route("/v1/tenants/{tenant}/organisations/{id}", web::get().to(get_organisation))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        tokio::spawn(server);
        RegistryDouble { base: format!("http://127.0.0.1:{port}"), state }
    }

    /// Registers an organisation of `tenant` and returns its id.
    pub fn add_organisation(&self, tenant: &str, name: &str, kind: &str, country: &str) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let organisation = json!({
            "id": id, "tenant": tenant, "kind": kind, "name": name, "acronym": null, "description": null,
            "country": country, "intervention_countries": [], "residence_country": null, "region": null,
            "city": null, "themes": [], "contacts": {"email": null, "phone": null, "whatsapp": null},
            "legal_status": null, "registrations": [], "year_founded": null, "members": null,
            "women_led": false, "youth_led": false, "website": null, "logo_url": null,
            "parent_organisation_id": null, "federation_ids": [], "iati_identifier": null, "status": "identified", "archived": false, "merged_into": null, "version": 1,
            "created_at": "2021-07-01T08:00:00Z", "updated_at": "2021-07-01T08:00:00Z",
        });
        self.state.lock().expect("state").organisations.insert((tenant.to_string(), id.clone()), organisation);
        id
    }

    /// One organisation as the double answers it (to hold it against the contract).
    pub fn organisation(&self, tenant: &str, id: &str) -> Option<Value> {
        self.state.lock().expect("state").organisations.get(&(tenant.to_string(), id.to_string())).cloned()
    }

    /// The `traceparent` headers received, in order.
    pub fn traceparents(&self) -> Vec<String> {
        self.state.lock().expect("state").traceparents.clone()
    }
}

async fn get_organisation(
    scope: TenantScope,
    req: HttpRequest,
    state: web::Data<Mutex<State>>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let mut state = state.lock().map_err(ApiError::internal)?;
    if let Some(tp) = req.headers().get("traceparent").and_then(|v| v.to_str().ok()) {
        state.traceparents.push(tp.to_string());
    }
    let (_, id) = path.into_inner();
    match state.organisations.get(&(scope.id().to_string(), id)) {
        Some(org) => Ok(HttpResponse::Ok().json(org)),
        None => Err(ApiError::new(Code::NOT_FOUND)),
    }
}
