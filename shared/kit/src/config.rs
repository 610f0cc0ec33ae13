//! Typed configuration of one service, read from environment variables (the
//! container entrypoint) or built in code (the `modal` command and tests).
//! Every variable is listed in the README's configuration table.

use crate::auth::{JwtSettings, KeySource};
use crate::tenants::Tenants;

pub const DEFAULT_ISSUER: &str = "modal-local";
pub const DEFAULT_AUDIENCE: &str = "modal";
/// Per tenant and replica: generous for people and partner apps, a ceiling for a
/// runaway script.
pub const DEFAULT_TENANT_RATE: usize = 60_000;

#[derive(Clone, Debug)]
pub struct Settings {
    /// Address to listen on, e.g. `0.0.0.0:8081`; port 0 picks a free port (tests).
    pub listen: String,
    /// Where the service reads and writes: `postgres://…` or a SQLite file path.
    pub database_url: String,
    /// The tables' owner, for migrations; the service itself connects as
    /// `database_url`'s role, which must own nothing (row-level security).
    pub migration_url: String,
    /// Run pending migrations at start (off when a Kubernetes Job runs them).
    pub migrate_on_start: bool,
    pub max_connections: u32,
    pub workers: usize,
    pub jwt: JwtSettings,
    pub tenants: Tenants,
    /// The address clients use to reach this service (links in answers).
    pub public_url: String,
    /// Requests a minute one tenant may make to this replica before 429.
    pub tenant_requests_per_minute: u32,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A variable's value or a default.
pub fn env_or(name: &str, default: &str) -> String {
    var(name).unwrap_or_else(|| default.to_string())
}

impl Settings {
    /// Reads `MODAL_*` variables; `service` and `default_port` give the defaults.
    pub async fn from_env(service: &str, default_port: u16) -> Result<Settings, String> {
        let listen = env_or("MODAL_LISTEN", &format!("0.0.0.0:{default_port}"));
        let (database_url, migration_url) = database_urls(service);
        let parse_num = |name: &str, default: usize| -> Result<usize, String> {
            var(name).map_or(Ok(default), |v| v.parse().map_err(|_| format!("{name} must be a number")))
        };
        let keys = match (var("MODAL_JWT_SECRET"), var("MODAL_JWT_JWKS_FILE"), var("MODAL_JWT_JWKS_URL")) {
            (Some(secret), None, None) => KeySource::Secret(secret),
            (None, Some(path), None) => {
                KeySource::Jwks(std::fs::read_to_string(&path).map_err(|e| format!("MODAL_JWT_JWKS_FILE {path}: {e}"))?)
            }
            (None, None, Some(url)) => KeySource::Jwks(fetch_jwks(&url).await?),
            _ => return Err("set exactly one of MODAL_JWT_SECRET, MODAL_JWT_JWKS_FILE, MODAL_JWT_JWKS_URL".into()),
        };
        let tenants = match var("MODAL_TENANTS_FILE") {
            Some(path) => Tenants::from_file(std::path::Path::new(&path))?,
            None => Tenants::programme_default(),
        };
        Ok(Settings {
            public_url: env_or("MODAL_PUBLIC_URL", &format!("http://127.0.0.1:{default_port}")),
            listen,
            database_url,
            migration_url,
            migrate_on_start: env_or("MODAL_MIGRATE_ON_START", "true") == "true",
            tenant_requests_per_minute: parse_num("MODAL_TENANT_REQUESTS_PER_MINUTE", DEFAULT_TENANT_RATE)? as u32,
            max_connections: parse_num("MODAL_DB_MAX_CONNECTIONS", 10)? as u32,
            workers: parse_num("MODAL_WORKERS", std::thread::available_parallelism().map_or(2, |n| n.get()))?,
            jwt: JwtSettings {
                keys,
                issuer: env_or("MODAL_JWT_ISSUER", DEFAULT_ISSUER),
                audience: env_or("MODAL_JWT_AUDIENCE", DEFAULT_AUDIENCE),
                leeway_secs: 30,
            },
            tenants,
        })
    }

    /// Settings for local use and tests: SQLite or PostgreSQL at `database_url`,
    /// HS256 with `secret`, the default tenants.
    pub fn local(listen: &str, database_url: &str, secret: &str) -> Settings {
        Settings {
            listen: listen.to_string(),
            database_url: database_url.to_string(),
            migration_url: database_url.to_string(),
            migrate_on_start: true,
            max_connections: 8,
            workers: 2,
            jwt: JwtSettings {
                keys: KeySource::Secret(secret.to_string()),
                issuer: DEFAULT_ISSUER.into(),
                audience: DEFAULT_AUDIENCE.into(),
                leeway_secs: 30,
            },
            tenants: Tenants::programme_default(),
            public_url: format!("http://{listen}"),
            tenant_requests_per_minute: DEFAULT_TENANT_RATE as u32,
        }
    }
}

/// `MODAL_DATABASE_URL` (the service role) and `MODAL_MIGRATION_DATABASE_URL` (the
/// tables' owner, defaulting to the former).
pub fn database_urls(service: &str) -> (String, String) {
    let database_url = env_or("MODAL_DATABASE_URL", &format!("data/{service}.db"));
    let migration_url = env_or("MODAL_MIGRATION_DATABASE_URL", &database_url);
    (database_url, migration_url)
}

async fn fetch_jwks(url: &str) -> Result<String, String> {
    let client =
        reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().map_err(|e| e.to_string())?;
    let res = client.get(url).send().await.map_err(|e| format!("JWKS {url}: {e}"))?;
    if !res.status().is_success() {
        return Err(format!("JWKS {url}: HTTP {}", res.status()));
    }
    res.text().await.map_err(|e| format!("JWKS {url}: {e}"))
}
