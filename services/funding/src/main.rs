//! The funding container entrypoint: configuration from `MODAL_*` variables, with
//! `MODAL_REGISTRY_URL` and `MODAL_TRAINING_URL` (the services it reads).
//! `modal-funding migrate` applies migrations and exits.

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    modal_kit::http::main(modal_funding::service()).await
}
