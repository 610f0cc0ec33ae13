//! The registry container entrypoint: configuration from `MODAL_*` variables.
//! `modal-registry migrate` applies migrations and exits (a Kubernetes Job).

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    modal_kit::http::main(modal_registry::service()).await
}
