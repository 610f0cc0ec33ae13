//! Scheduled gathering: every `MODAL_REPORTING_REFRESH_SECS` (default an hour; 0
//! turns it off), every tenant's current and previous year (and their quarters),
//! or the years of `MODAL_REPORTING_YEARS` (`2021,2022`).
//!
//! It asks with the service's own credential, never a stored user token:
//! - with a local HS256 secret (`modal run`, tests), a token minted for
//!   `service:reporting` with the `programme_admin` role, ten minutes long;
//! - in production (keys from a JWKS), the token in `MODAL_REPORTING_TOKEN_FILE`,
//!   read again at each gathering so a rotated secret is picked up (the identity
//!   provider's client-credentials grant writes it; see the README).
//!
//! Every replica runs the schedule; a replica skips a tenant another one gathered
//! less than half a period ago (a near-simultaneous pair may both gather: harmless,
//! the later snapshot is simply the latest).
//!
//! Without either, only on-demand gathering runs (with the caller's token), and
//! the log says so at start.

use crate::peers::Peers;
use crate::periods::ReportPeriod;
use crate::snapshots::gather::gather;
use crate::snapshots::store;
use chrono::Datelike;
use modal_kit::auth::{mint_token, KeySource, MintRequest};
use modal_kit::config::{env_or, Settings};
use modal_kit::db::Db;
use std::time::Duration;
use tracing::Instrument;

/// Who the scheduled gathering asks as.
#[derive(Clone)]
enum Credential {
    Mint { secret: String, issuer: String, audience: String },
    TokenFile(String),
}

impl Credential {
    fn of(settings: &Settings) -> Option<Credential> {
        let file = env_or("MODAL_REPORTING_TOKEN_FILE", "");
        if !file.is_empty() {
            return Some(Credential::TokenFile(file));
        }
        match &settings.jwt.keys {
            KeySource::Secret(secret) => Some(Credential::Mint {
                secret: secret.clone(),
                issuer: settings.jwt.issuer.clone(),
                audience: settings.jwt.audience.clone(),
            }),
            _ => None,
        }
    }

    fn token(&self) -> Result<String, String> {
        match self {
            Credential::TokenFile(path) => {
                std::fs::read_to_string(path).map(|t| t.trim().to_string()).map_err(|e| format!("{path}: {e}"))
            }
            Credential::Mint { secret, issuer, audience } => mint_token(&MintRequest {
                secret,
                issuer,
                audience,
                subject: "service:reporting",
                tenants: &[],
                roles: &["programme_admin".to_string()],
                tenant_roles: &Default::default(),
                organisation: None,
                ttl_secs: 600,
            }),
        }
    }
}

fn years() -> Vec<i32> {
    let configured: Vec<i32> =
        env_or("MODAL_REPORTING_YEARS", "").split(',').filter_map(|y| y.trim().parse().ok()).collect();
    if configured.is_empty() {
        let this = chrono::Utc::now().year();
        vec![this - 1, this]
    } else {
        configured
    }
}

/// Starts the schedule (once per process), unless turned off or without a
/// credential; the period in seconds when it runs.
pub fn start(settings: &Settings, db: &Db, peers: &Peers) -> Result<Option<u64>, String> {
    let every: u64 = env_or("MODAL_REPORTING_REFRESH_SECS", "3600")
        .trim()
        .parse()
        .map_err(|_| "MODAL_REPORTING_REFRESH_SECS must be a number of seconds".to_string())?;
    if every == 0 {
        return Ok(None);
    }
    let Some(credential) = Credential::of(settings) else {
        tracing::warn!("scheduled gathering off: set MODAL_REPORTING_TOKEN_FILE (keys come from a JWKS)");
        return Ok(None);
    };
    let tenants: Vec<String> = settings.tenants.all().map(|t| t.id.clone()).collect();
    let (db, peers) = (db.clone(), peers.clone());
    tokio::spawn(async move {
        // A first gathering soon after start, then one every period.
        let mut tick = tokio::time::interval_at(
            tokio::time::Instant::now() + Duration::from_secs(every.min(30)),
            Duration::from_secs(every),
        );
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let span = tracing::info_span!("scheduled gathering");
            run_once(&db, &peers, &credential, &tenants, every).instrument(span).await;
        }
    });
    Ok(Some(every))
}

/// Whether another replica gathered `tenant` less than half a period ago: every
/// replica runs the schedule, and the first one to get there does the work.
async fn recently_gathered(db: &Db, tenant: &str, every: u64) -> bool {
    let last = db.read_in(tenant, |c, t| Ok(store::last_taken(c, t, "schedule")?)).await;
    let half = chrono::Duration::seconds((every / 2) as i64);
    matches!(last, Ok(Some(at)) if modal_kit::clock::now() - at < half)
}

async fn run_once(db: &Db, peers: &Peers, credential: &Credential, tenants: &[String], every: u64) {
    let token = match credential.token() {
        Ok(token) => token,
        Err(e) => return tracing::error!(error = %e, "scheduled gathering: no credential"),
    };
    let periods: Vec<ReportPeriod> = years().into_iter().flat_map(ReportPeriod::year_and_quarters).collect();
    for tenant in tenants {
        if recently_gathered(db, tenant, every).await {
            continue;
        }
        match gather(peers, db, tenant, &periods, &token, "schedule").await {
            Ok(g) => tracing::info!(tenant, taken = g.taken.len(), failed = g.failed.len(), "scheduled gathering"),
            Err(e) => tracing::error!(tenant, error = %e, "scheduled gathering failed"),
        }
    }
}
