//! training: the programme's capacity building — trainings in a mixed format,
//! participants from the registry's organisations, attendance per day, and
//! certificates of participation that anyone can verify.
//!
//! [`service`] describes it to the kit's app builder: routes (each declared once,
//! on its handler), contract, migrations, and the registry it calls.

pub mod attendance;
pub mod certificates;
pub mod exports;
pub mod participants;
pub mod registry;
pub mod roles;
pub mod schema;
pub mod stats;
pub mod trainings;

use actix_web::web;
use diesel_migrations::embed_migrations;
use modal_kit::config::Settings;
use modal_kit::db::{Db, Migrations};
use modal_kit::http::{AppData, ServiceConfig, ServiceDef};
use modal_kit::ratelimit::RateLimiter;
use std::sync::Arc;
use std::time::Duration;

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal training", description = "Trainings, participants, attendance and certificates of the MODAL programme."),
    tags(
        (name = "trainings", description = "Training sessions and their days"),
        (name = "participants", description = "Enrolment, and a person's data on request"),
        (name = "attendance", description = "Marks per participant per day"),
        (name = "certificates", description = "Certificates of participation and their public verification"),
        (name = "stats", description = "Figures for reporting"),
        (name = "audit", description = "Who changed what, when"),
        (name = "operations", description = "Probes and metrics"),
    )
)]
struct ApiDoc;

/// The route table. Fixed segments (`attendance/export`) come before what they
/// would otherwise be read as.
fn routes(cfg: &mut ServiceConfig) {
    use attendance::handlers as marks;
    use certificates::handlers as certs;
    use participants::{handlers as people, personal_data};
    use trainings::handlers as sessions;
    cfg.service(sessions::list_trainings)
        .service(sessions::create_training)
        .service(sessions::get_training)
        .service(sessions::replace_training)
        .service(people::list_participants)
        .service(exports::handlers::export_training_participants)
        .service(exports::handlers::export_period_participants)
        .service(participants::import_handler::import_participants)
        .service(people::enrol_participant)
        .service(people::get_participant)
        .service(people::replace_participant)
        .service(participants::person::get_person_trainings)
        .service(participants::person::link_same_person)
        .service(personal_data::export_personal_data)
        .service(personal_data::erase_personal_data)
        .service(marks::mark_attendance_day)
        .service(marks::export_attendance_sheet)
        .service(attendance::statuses::set_statuses_from_attendance)
        .service(marks::get_attendance_sheet)
        .service(certs::list_certificates)
        .service(certs::issue_certificates)
        .service(certs::print_certificate)
        .service(certs::revoke_certificate)
        .service(certs::verify_certificate)
        .service(certs::list_organisation_certificates)
        .service(certificates::template_handlers::get_certificate_template)
        .service(certificates::template_handlers::replace_certificate_template)
        .service(certificates::template_handlers::put_certificate_logo)
        .service(certificates::template_handlers::delete_certificate_logo)
        .service(stats::get_training_stats);
}

/// Public verifications allowed per client and minute, on each replica.
pub struct VerificationLimit(pub RateLimiter);

/// The registry client and the public verification's limit, made once per process.
fn data(settings: &Settings, _: &Db) -> Result<AppData, String> {
    let registry = web::Data::new(registry::Registry::new(settings.peer("registry")?));
    let limit = web::Data::new(VerificationLimit(RateLimiter::new(60, Duration::from_secs(60))));
    Ok(Arc::new(move |cfg| {
        cfg.app_data(registry.clone()).app_data(limit.clone());
    }))
}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "training",
        port: 8082,
        peers: &["registry"],
        codes: &[attendance::statuses::TRAINING_NOT_ENDED],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data,
    }
}
