//! Test support: start a real service on a free port over its real database, and
//! mint tokens for it. Tests then talk to it over HTTP, as any client would.
//!
//! The database is SQLite (a fresh file per test) unless `MODAL_TEST_POSTGRES_URL`
//! names a PostgreSQL server (an admin URL, e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`): then each test gets a fresh
//! database, migrated by an owner role and used by a separate service role that
//! owns nothing, exactly as in production. If that server cannot be reached the
//! test fails; it never falls back to SQLite.

mod postgres;
mod registry_double;

use modal_kit::auth::{mint_token, MintRequest};
use modal_kit::config::{Settings, DEFAULT_AUDIENCE, DEFAULT_ISSUER};
use modal_kit::db::Db;
use modal_kit::http::{build, ServiceDef};
use serde_json::Value;

pub use postgres::PgDatabase;
pub use registry_double::RegistryDouble;

pub const SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    /// The service's own database handle (to look at what it stored).
    pub db: Db,
    /// The PostgreSQL database behind the service, when the suite runs on PostgreSQL.
    pub pg: Option<PgDatabase>,
    handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
}

/// Whether this run uses PostgreSQL.
pub fn postgres_url() -> Option<String> {
    std::env::var("MODAL_TEST_POSTGRES_URL").ok().filter(|v| !v.is_empty())
}

/// Starts `def` on 127.0.0.1 with a fresh database and the default tenants.
pub async fn spawn(def: ServiceDef) -> TestApp {
    spawn_with(def, |_| {}).await
}

/// As [`spawn`], for a service that calls others: `peers` gives each one's address.
pub async fn spawn_with_peers(def: ServiceDef, peers: &[(&str, &str)]) -> TestApp {
    spawn_with(def, |s| {
        for (name, url) in peers {
            s.peers.insert(name.to_string(), url.to_string());
        }
    })
    .await
}

/// Starts `defs` in order, each calling the ones started before it by name (the
/// whole system, as `cargo run` runs it).
pub async fn spawn_system(defs: Vec<ServiceDef>) -> Vec<TestApp> {
    let mut apps: Vec<TestApp> = Vec::new();
    let mut started: Vec<(&'static str, String)> = Vec::new();
    for def in defs {
        let name = def.name;
        let peers: Vec<(&str, &str)> = started.iter().map(|(n, url)| (*n, url.as_str())).collect();
        let app = spawn_with_peers(def, &peers).await;
        started.push((name, app.base.clone()));
        apps.push(app);
    }
    apps
}

/// As [`spawn`], letting the test adjust the settings first.
pub async fn spawn_with(def: ServiceDef, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    modal_kit::telemetry::init_with("modal-tests", "warn", true);
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut settings, pg) = match postgres_url() {
        Some(admin) => {
            let db = tokio::task::spawn_blocking(move || PgDatabase::create(&admin)).await.expect("pg setup");
            let mut s = Settings::local("127.0.0.1:0", &db.app_url, SECRET);
            s.migration_url = db.owner_url.clone();
            (s, Some(db))
        }
        None => {
            let file = dir.path().join(format!("{}.db", def.name));
            (Settings::local("127.0.0.1:0", file.to_str().expect("utf-8 path"), SECRET), None)
        }
    };
    settings.workers = 1;
    settings.files_url = dir.path().join("files").to_str().expect("utf-8 path").to_string();
    adjust(&mut settings);
    let running = build(def, &settings).await.expect("service starts");
    let base = format!("http://127.0.0.1:{}", running.port);
    let db = running.db.clone();
    let handle = running.handle();
    tokio::spawn(running.run_until_stopped());
    // Idle connections are dropped before the server's keep-alive (actix's 5 s)
    // closes them: a test that pauses longer (a browser taking screenshots) would
    // otherwise send its next request on a connection the server is closing.
    let http =
        reqwest::Client::builder().pool_idle_timeout(std::time::Duration::from_secs(4)).build().expect("http client");
    TestApp { base, http, db, pg, handle, _dir: dir }
}

impl TestApp {
    /// Stops the service (its port then refuses connections), as an outage would.
    pub async fn stop(&self) {
        self.handle.stop(false).await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(token)
    }

    pub fn post(&self, path: &str, token: &str, body: &Value) -> reqwest::RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(token).json(body)
    }

    pub fn put(&self, path: &str, token: &str, body: &Value) -> reqwest::RequestBuilder {
        self.http.put(self.url(path)).bearer_auth(token).json(body)
    }

    pub fn delete(&self, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.http.delete(self.url(path)).bearer_auth(token)
    }
}

/// A token for `tenants` with `roles`, valid for an hour.
pub fn token(tenants: &[&str], roles: &[&str]) -> String {
    token_for("test-user", tenants, roles)
}

pub fn token_for(subject: &str, tenants: &[&str], roles: &[&str]) -> String {
    let tenants: Vec<String> = tenants.iter().map(|s| s.to_string()).collect();
    let roles: Vec<String> = roles.iter().map(|s| s.to_string()).collect();
    mint_token(&MintRequest {
        secret: SECRET,
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
        subject,
        tenants: &tenants,
        roles: &roles,
        tenant_roles: &Default::default(),
        organisation: None,
        ttl_secs: 3600,
    })
    .expect("token")
}

/// A token of an `applicant` acting for the registry organisation `organisation`
/// of `tenant`.
pub fn applicant_token(subject: &str, tenant: &str, organisation: &str) -> String {
    mint_token(&MintRequest {
        secret: SECRET,
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
        subject,
        tenants: &[tenant.to_string()],
        roles: &["applicant".to_string()],
        tenant_roles: &Default::default(),
        organisation: Some(organisation),
        ttl_secs: 3600,
    })
    .expect("token")
}

/// A token whose roles differ per tenant (`tenant_roles`), e.g.
/// `[("diadem", &["coordinator"]), ("fecong", &["viewer"])]`.
pub fn token_per_tenant(subject: &str, grants: &[(&str, &[&str])]) -> String {
    let tenant_roles =
        grants.iter().map(|(t, roles)| (t.to_string(), roles.iter().map(|r| r.to_string()).collect())).collect();
    mint_token(&MintRequest {
        secret: SECRET,
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
        subject,
        tenants: &[],
        roles: &[],
        tenant_roles: &tenant_roles,
        organisation: None,
        ttl_secs: 3600,
    })
    .expect("token")
}

/// A token with exactly these claims and this HS256 secret (for rejection tests).
pub fn raw_token(claims: &Value, secret: &str) -> String {
    use jsonwebtoken::{encode, EncodingKey, Header};
    encode(&Header::default(), claims, &EncodingKey::from_secret(secret.as_bytes())).expect("token")
}

/// Seconds since the epoch, for building claims.
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs()
}

/// Reads a JSON body, failing with the body text when it is not JSON.
pub async fn json(res: reqwest::Response) -> Value {
    let text = res.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Asserts a problem+json answer with `status` and `code`, and returns it.
pub async fn assert_problem(res: reqwest::Response, status: u16, code: &str) -> Value {
    let got = res.status().as_u16();
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = json(res).await;
    assert_eq!(got, status, "unexpected status, body: {body}");
    assert!(ct.starts_with("application/problem+json"), "content-type {ct}, body: {body}");
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["status"], status, "body: {body}");
    body
}
