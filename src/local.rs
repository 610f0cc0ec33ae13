//! Local use: every service in one process on SQLite, a local signing secret kept
//! in the data folder, tokens minted with it, contracts written to disk.

use modal::services;
use modal_kit::auth::{mint_token, MintRequest, Role};
use modal_kit::config::{Settings, DEFAULT_AUDIENCE, DEFAULT_ISSUER};
use modal_kit::http::{build, stop_on_signal};
use std::collections::BTreeMap;
use std::path::Path;

/// The local HS256 secret: created once (random) in the data folder, so local
/// tokens never work against a deployment, which has its own keys.
fn local_secret(data_dir: &str) -> Result<String, String> {
    let path = Path::new(data_dir).join("local-jwt-secret");
    if let Ok(s) = std::fs::read_to_string(&path) {
        return Ok(s.trim().to_string());
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("{data_dir}: {e}"))?;
    let secret = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    std::fs::write(&path, &secret).map_err(|e| format!("{}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(secret)
}

/// What a local token grants.
#[derive(Clone, Copy)]
pub struct Grant<'a> {
    pub tenants: &'a [String],
    pub roles: &'a [String],
    /// The organisation an applicant acts for.
    pub organisation: Option<&'a str>,
}

pub fn token(data_dir: &str, grant: &Grant<'_>, subject: &str, hours: u64) -> Result<String, String> {
    let Grant { tenants, roles, organisation } = *grant;
    if let Some(bad) = roles.iter().find(|r| Role::parse(r).is_none()) {
        return Err(format!("unknown role {bad:?}"));
    }
    let known = modal_kit::tenants::Tenants::programme_default();
    if let Some(bad) = tenants.iter().find(|t| known.get(t).is_none()) {
        return Err(format!("unknown tenant {bad:?}"));
    }
    if roles.iter().any(|r| r == "applicant") != organisation.is_some() {
        return Err("an applicant token names its organisation (--organisation), and only an applicant's does".into());
    }
    let secret = local_secret(data_dir)?;
    mint_token(&MintRequest {
        secret: &secret,
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
        subject,
        tenants,
        roles,
        tenant_roles: &Default::default(),
        organisation,
        ttl_secs: hours * 3600,
    })
}

pub fn run(data_dir: &str, host: &str) -> Result<(), String> {
    modal_kit::telemetry::init("modal");
    let secret = local_secret(data_dir)?;
    actix_web::rt::System::new().block_on(async move {
        let mut handles = Vec::new();
        let mut servers = Vec::new();
        println!("modal — local run (SQLite files in {data_dir}/)\n");
        let mut started = BTreeMap::new();
        for def in services() {
            let (name, port) = (def.name, def.port);
            let db = format!("{data_dir}/{name}.db");
            let mut settings = Settings::local(&format!("{host}:{port}"), &db, &secret);
            settings.workers = 1;
            settings.peers = started.clone();
            settings.files_url = format!("{data_dir}/{name}-files");
            started.insert(name.to_string(), format!("http://{host}:{port}"));
            let running = build(def, &settings).await.map_err(|e| format!("{name}: {e}"))?;
            println!("  {name:<10} http://{host}:{port}   docs: http://{host}:{port}/docs/");
            handles.push(running.handle());
            servers.push(running.run_until_stopped());
        }
        println!("\nA token for local use (DIADEM coordinator, 8 hours):");
        println!("  TOKEN=$(cargo run --release -q -- token --tenant diadem --role coordinator)");
        println!("  curl -H \"Authorization: Bearer $TOKEN\" http://{host}:8081/v1/tenants/diadem/organisations\n");
        println!("Ctrl-C stops everything.");
        actix_web::rt::spawn(stop_on_signal(handles));
        for result in futures_util::future::join_all(servers).await {
            result.map_err(|e| e.to_string())?;
        }
        modal_kit::telemetry::shutdown();
        Ok(())
    })
}

pub fn write_contracts(out: &str) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    for def in services() {
        let path = Path::new(out).join(format!("{}.json", def.name));
        let text = def.openapi().to_pretty_json().map_err(|e| e.to_string())? + "\n";
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
