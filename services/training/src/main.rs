//! The training container entrypoint: configuration from `MODAL_*` variables, plus
//! `MODAL_REGISTRY_URL` (the registry's address). `modal-training migrate` applies
//! migrations and exits.

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    modal_kit::telemetry::init(modal_training::NAME);
    let migrate_only = std::env::args().nth(1).as_deref() == Some("migrate");
    let registry = modal_kit::config::env_or("MODAL_REGISTRY_URL", "http://127.0.0.1:8081");
    let service = modal_training::service(&registry);
    match modal_kit::http::serve_from_env(service, modal_training::DEFAULT_PORT, migrate_only).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "training stopped");
            eprintln!("training: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
