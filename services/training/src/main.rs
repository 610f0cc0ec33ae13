//! The training container entrypoint: configuration from `MODAL_*` variables, with
//! `MODAL_REGISTRY_URL` (the registry's address). `modal-training migrate` applies
//! migrations and exits.

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    modal_kit::http::main(modal_training::service()).await
}
