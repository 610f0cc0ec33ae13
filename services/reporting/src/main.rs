//! The reporting container entrypoint: configuration from `MODAL_*` variables, with
//! `MODAL_REGISTRY_URL`, `MODAL_TRAINING_URL` and `MODAL_FUNDING_URL` (the services
//! whose figures it gathers). `modal-reporting migrate` applies migrations and exits.

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    modal_kit::http::main(modal_reporting::service()).await
}
