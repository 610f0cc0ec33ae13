//! Typed configuration of one service, read from environment variables (the
//! container entrypoint) or built in code (the `modal` command and tests).
//! Every variable is listed in the README's configuration table.

use crate::auth::{JwtSettings, KeySource};
use crate::client_ip::TrustedProxies;
use crate::tenants::Tenants;
use std::collections::BTreeMap;
use std::time::Duration;

pub const DEFAULT_ISSUER: &str = "modal-local";
pub const DEFAULT_AUDIENCE: &str = "modal";
/// Per tenant and replica: generous for people and partner apps, a ceiling for a
/// runaway script.
pub const DEFAULT_TENANT_RATE: usize = 60_000;
const DEFAULT_LEEWAY_SECS: usize = 30;
const DEFAULT_JWKS_REFRESH_SECS: usize = 600;

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
    /// Start even if the database role could bypass row-level security (trials only).
    pub allow_privileged_db_role: bool,
    pub max_connections: u32,
    pub workers: usize,
    pub jwt: JwtSettings,
    pub tenants: Tenants,
    /// The address clients use to reach this service (links in answers).
    pub public_url: String,
    /// Requests a minute one tenant may make to this replica before 429.
    pub tenant_requests_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` name the client.
    pub trusted_proxies: TrustedProxies,
    /// Base URLs of the services this one calls, by name (`MODAL_<NAME>_URL`).
    pub peers: BTreeMap<String, String>,
    /// Where uploaded files go (`MODAL_FILES_URL`): a folder (default
    /// `data/<service>-files`) or `s3://bucket/prefix` (S3-compatible, AWS_* variables).
    pub files_url: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A variable's value or a default.
pub fn env_or(name: &str, default: &str) -> String {
    var(name).unwrap_or_else(|| default.to_string())
}

fn number(name: &str, default: usize) -> Result<usize, String> {
    var(name).map_or(Ok(default), |v| v.trim().parse().map_err(|_| format!("{name} must be a number")))
}

/// The variable naming a peer's base URL: `registry` → `MODAL_REGISTRY_URL`.
pub fn peer_variable(peer: &str) -> String {
    format!("MODAL_{}_URL", peer.to_ascii_uppercase().replace('-', "_"))
}

impl Settings {
    /// Reads `MODAL_*` variables for the service `name` (default port `port`),
    /// which calls `peers`.
    pub async fn from_env(name: &str, port: u16, peers: &[&str]) -> Result<Settings, String> {
        let (database_url, migration_url) = database_urls(name);
        let refresh = Duration::from_secs(number("MODAL_JWT_JWKS_REFRESH_SECS", DEFAULT_JWKS_REFRESH_SECS)? as u64);
        let keys = match (var("MODAL_JWT_SECRET"), var("MODAL_JWT_JWKS_FILE"), var("MODAL_JWT_JWKS_URL")) {
            (Some(secret), None, None) => KeySource::Secret(secret),
            (None, Some(path), None) => {
                KeySource::Jwks(std::fs::read_to_string(&path).map_err(|e| format!("MODAL_JWT_JWKS_FILE {path}: {e}"))?)
            }
            (None, None, Some(url)) => {
                let document = crate::auth::fetch_jwks(&url).await?;
                KeySource::JwksUrl { url, document, refresh }
            }
            _ => return Err("set exactly one of MODAL_JWT_SECRET, MODAL_JWT_JWKS_FILE, MODAL_JWT_JWKS_URL".into()),
        };
        let tenants = match var("MODAL_TENANTS_FILE") {
            Some(path) => Tenants::from_file(std::path::Path::new(&path))?,
            None => Tenants::programme_default(),
        };
        let mut peer_urls = BTreeMap::new();
        for peer in peers {
            let variable = peer_variable(peer);
            let url =
                var(&variable).ok_or_else(|| format!("{variable} is required: {name} calls the {peer} service"))?;
            peer_urls.insert(peer.to_string(), url.trim_end_matches('/').to_string());
        }
        let allow_privileged = env_or("MODAL_ALLOW_PRIVILEGED_DB_ROLE", "false");
        Ok(Settings {
            public_url: env_or("MODAL_PUBLIC_URL", &format!("http://127.0.0.1:{port}")),
            listen: env_or("MODAL_LISTEN", &format!("0.0.0.0:{port}")),
            database_url,
            migration_url,
            migrate_on_start: env_or("MODAL_MIGRATE_ON_START", "true") == "true",
            allow_privileged_db_role: allow_privileged == "true",
            tenant_requests_per_minute: number("MODAL_TENANT_REQUESTS_PER_MINUTE", DEFAULT_TENANT_RATE)? as u32,
            max_connections: number("MODAL_DB_MAX_CONNECTIONS", 10)? as u32,
            workers: number("MODAL_WORKERS", std::thread::available_parallelism().map_or(2, |n| n.get()))?,
            jwt: JwtSettings {
                keys,
                issuer: env_or("MODAL_JWT_ISSUER", DEFAULT_ISSUER),
                audience: env_or("MODAL_JWT_AUDIENCE", DEFAULT_AUDIENCE),
                leeway_secs: number("MODAL_JWT_LEEWAY_SECS", DEFAULT_LEEWAY_SECS)? as u64,
            },
            tenants,
            trusted_proxies: TrustedProxies::parse(&env_or("MODAL_TRUSTED_PROXIES", ""))?,
            peers: peer_urls,
            files_url: env_or("MODAL_FILES_URL", &format!("data/{name}-files")),
        })
    }

    /// Settings for local use and tests: SQLite or PostgreSQL at `database_url`,
    /// HS256 with `secret`, the default tenants, no peers (add them to `peers`).
    pub fn local(listen: &str, database_url: &str, secret: &str) -> Settings {
        Settings {
            listen: listen.to_string(),
            database_url: database_url.to_string(),
            migration_url: database_url.to_string(),
            migrate_on_start: true,
            allow_privileged_db_role: false,
            max_connections: 8,
            workers: 2,
            jwt: JwtSettings {
                keys: KeySource::Secret(secret.to_string()),
                issuer: DEFAULT_ISSUER.into(),
                audience: DEFAULT_AUDIENCE.into(),
                leeway_secs: DEFAULT_LEEWAY_SECS as u64,
            },
            tenants: Tenants::programme_default(),
            public_url: format!("http://{listen}"),
            tenant_requests_per_minute: DEFAULT_TENANT_RATE as u32,
            trusted_proxies: TrustedProxies::default(),
            peers: BTreeMap::new(),
            files_url: "data/files".into(),
        }
    }

    /// The base URL of the peer service `name` (without a trailing slash).
    pub fn peer(&self, name: &str) -> Result<&str, String> {
        self.peers.get(name).map(String::as_str).ok_or_else(|| format!("no address for the {name} service"))
    }
}

/// `MODAL_DATABASE_URL` (the service role) and `MODAL_MIGRATION_DATABASE_URL` (the
/// tables' owner, defaulting to the former).
pub fn database_urls(service: &str) -> (String, String) {
    let database_url = env_or("MODAL_DATABASE_URL", &format!("data/{service}.db"));
    let migration_url = env_or("MODAL_MIGRATION_DATABASE_URL", &database_url);
    (database_url, migration_url)
}
