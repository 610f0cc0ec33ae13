//! The registry container entrypoint: configuration from `MODAL_*` variables.
//! `modal-registry migrate` applies migrations and exits (a Kubernetes Job).

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    modal_kit::telemetry::init(modal_registry::NAME);
    let migrate_only = std::env::args().nth(1).as_deref() == Some("migrate");
    match modal_kit::http::serve_from_env(modal_registry::service(), modal_registry::DEFAULT_PORT, migrate_only).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "registry stopped");
            eprintln!("registry: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
