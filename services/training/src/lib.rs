//! training: the programme's capacity building — trainings in a mixed format,
//! participants from the registry's organisations, attendance per day, and
//! certificates of participation that anyone can verify.

pub mod attendance;
pub mod certificates;
pub mod participants;
pub mod registry;
pub mod roles;
pub mod schema;
pub mod stats;
pub mod trainings;

use actix_web::web;
use certificates::handlers as certs;
use diesel_migrations::embed_migrations;
use modal_kit::db::Migrations;
use modal_kit::http::ServiceDef;
use modal_kit::ratelimit::RateLimiter;
use participants::handlers as people;
use std::sync::Arc;
use std::time::Duration;
use trainings::handlers as sessions;

pub const NAME: &str = "training";
pub const DEFAULT_PORT: u16 = 8082;

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal training", description = "Trainings, participants, attendance and certificates of the MODAL programme."),
    paths(
        sessions::list, sessions::create, sessions::get, sessions::replace,
        people::list, people::enrol, people::get, people::replace, people::export_personal_data, people::erase_personal_data,
        attendance::mark_day, attendance::get_sheet, attendance::export_sheet,
        certs::issue, certs::list, certs::pdf, certs::revoke, certs::verify,
        stats::stats,
    ),
    tags(
        (name = "trainings", description = "Training sessions and their days"),
        (name = "participants", description = "Enrolment, and a person's data on request"),
        (name = "attendance", description = "Marks per participant per day"),
        (name = "certificates", description = "Certificates of participation and their public verification"),
        (name = "stats", description = "Figures for reporting"),
    )
)]
struct ApiDoc;

pub fn openapi() -> utoipa::openapi::OpenApi {
    modal_kit::http::finish_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// The route table (`web::resource` answers 405 for an undeclared method).
pub fn routes(cfg: &mut web::ServiceConfig) {
    let t = "/v1/tenants/{tenant}/trainings";
    cfg.service(web::resource(t).route(web::get().to(sessions::list)).route(web::post().to(sessions::create)))
        .service(
            web::resource(format!("{t}/{{id}}"))
                .route(web::get().to(sessions::get))
                .route(web::put().to(sessions::replace)),
        )
        .service(
            web::resource(format!("{t}/{{id}}/participants"))
                .route(web::get().to(people::list))
                .route(web::post().to(people::enrol)),
        )
        .service(
            web::resource(format!("{t}/{{id}}/participants/{{participant}}"))
                .route(web::get().to(people::get))
                .route(web::put().to(people::replace)),
        )
        .service(
            web::resource(format!("{t}/{{id}}/participants/{{participant}}/personal-data"))
                .route(web::get().to(people::export_personal_data))
                .route(web::delete().to(people::erase_personal_data)),
        )
        .service(
            web::resource(format!("{t}/{{id}}/days/{{day}}/attendance")).route(web::put().to(attendance::mark_day)),
        )
        .service(web::resource(format!("{t}/{{id}}/attendance")).route(web::get().to(attendance::get_sheet)))
        .service(web::resource(format!("{t}/{{id}}/attendance/export")).route(web::get().to(attendance::export_sheet)))
        .service(
            web::resource(format!("{t}/{{id}}/certificates"))
                .route(web::get().to(certs::list))
                .route(web::post().to(certs::issue)),
        )
        .service(web::resource(format!("{t}/{{id}}/certificates/{{certificate}}/pdf")).route(web::get().to(certs::pdf)))
        .service(
            web::resource(format!("{t}/{{id}}/certificates/{{certificate}}/revoke"))
                .route(web::post().to(certs::revoke)),
        )
        .service(web::resource("/v1/certificates/{code}").route(web::get().to(certs::verify)))
        .service(web::resource("/v1/tenants/{tenant}/stats").route(web::get().to(stats::stats)));
}

/// The service, reading organisations from the registry at `registry_url`.
pub fn service(registry_url: &str) -> ServiceDef {
    let registry = web::Data::new(registry::Registry::new(registry_url));
    // 60 public verifications a minute per client address.
    let limiter = web::Data::new(RateLimiter::new(60, Duration::from_secs(60)));
    ServiceDef {
        name: NAME,
        openapi: openapi(),
        migrations: &MIGRATIONS,
        configure: Arc::new(move |cfg| {
            cfg.app_data(registry.clone()).app_data(limiter.clone());
            routes(cfg);
        }),
    }
}
