//! Running services until a stop signal: Ctrl-C (SIGINT) locally, SIGTERM from
//! Kubernetes. Servers finish in-flight requests before the process exits.

use super::{build, ServiceDef};
use crate::config::Settings;
use crate::db::migrate;
use actix_web::dev::ServerHandle;

/// A service binary's `main`: `modal-<name>` serves with its configuration from
/// the environment; `modal-<name> migrate` applies the migrations and exits.
pub async fn main(def: ServiceDef) -> std::process::ExitCode {
    crate::telemetry::init(def.name);
    let name = def.name;
    let migrate_only = std::env::args().nth(1).as_deref() == Some("migrate");
    match serve_from_env(def, migrate_only).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "{name} stopped");
            eprintln!("{name}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The container entrypoint of one service: configuration from the environment;
/// `migrate_only` applies migrations and returns (for a Kubernetes Job).
pub async fn serve_from_env(def: ServiceDef, migrate_only: bool) -> Result<(), String> {
    if migrate_only {
        // Migrations need the database URLs only: no JWT keys, no listener.
        let (app, owner) = crate::config::database_urls(def.name);
        let migrations = def.migrations;
        return tokio::task::spawn_blocking(move || migrate(&owner, &app, migrations))
            .await
            .map_err(|e| e.to_string())?;
    }
    let settings = Settings::from_env(def.name, def.port, def.peers).await?;
    let name = def.name;
    let running = build(def, &settings).await?;
    tracing::info!(service = name, port = running.port, "listening");
    let handle = running.handle();
    tokio::spawn(stop_on_signal(vec![handle]));
    running.run_until_stopped().await.map_err(|e| e.to_string())?;
    crate::telemetry::shutdown();
    Ok(())
}

/// Waits for SIGINT or SIGTERM, then stops every server gracefully.
pub async fn stop_on_signal(handles: Vec<ServerHandle>) {
    wait_for_signal().await;
    tracing::info!("stopping");
    for h in &handles {
        h.stop(true).await;
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
