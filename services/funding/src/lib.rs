//! funding: the programme's pilot funding mechanism — restricted calls for
//! projects, applications by local associations with their diaspora partner,
//! screening, scored reviews, selection within the envelope, grants, tranches.
//!
//! [`service`] describes it to the kit's app builder: routes (each declared once,
//! on its handler), contract, error codes, migrations, and the services it reads.

pub mod applications;
pub mod attachments;
pub mod calls;
pub mod committee;
pub mod disbursements;
pub mod eligibility;
pub mod grants;
pub mod messages;
pub mod peers;
pub mod reports;
pub mod reviews;
pub mod roles;
pub mod schema;
pub mod stats;
pub mod todo;
pub mod transitions;

use actix_web::web;
use diesel_migrations::embed_migrations;
use modal_kit::config::Settings;
use modal_kit::db::{Db, Migrations};
use modal_kit::http::{AppData, ServiceConfig, ServiceDef};
use modal_kit::money::EurRates;
use std::sync::Arc;

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal funding", description = "Calls for projects, applications, reviews, grants and disbursements of the MODAL programme."),
    tags(
        (name = "calls", description = "Calls for projects: window, envelope, eligibility, criteria, questions"),
        (name = "applications", description = "Applications: drafts, submissions and revisions, moves, messages"),
        (name = "eligibility", description = "Automatic checks over the registry and training, and the screening decision"),
        (name = "reviews", description = "Reviewers, conflicts of interest, scores"),
        (name = "committee", description = "The ranking against the envelope, and the decisions"),
        (name = "grants", description = "Grants, their tranches and their agreement"),
        (name = "disbursements", description = "Tranches asked for, approved and paid"),
        (name = "reports", description = "Narrative and financial reports per tranche"),
        (name = "attachments", description = "Files: budgets, statutes, signed agreements, receipts"),
        (name = "stats", description = "Figures for reporting, by period; the funded projects"),
        (name = "audit", description = "Who changed what, when"),
        (name = "operations", description = "Probes and metrics"),
    )
)]
struct ApiDoc;

/// The route table. Fixed segments (`revisions/diff`) come before what they
/// would otherwise be read as.
fn routes(cfg: &mut ServiceConfig) {
    use applications::handlers as apps;
    use calls::handlers as calls;
    use reviews::handlers as reviews;
    cfg.service(calls::list_calls)
        .service(calls::create_call)
        .service(calls::get_call)
        .service(calls::replace_call)
        .service(calls::change_call_status)
        .service(apps::create_application)
        .service(apps::list_applications)
        .service(apps::get_application)
        .service(apps::replace_application)
        .service(apps::submit_application)
        .service(apps::diff_revisions)
        .service(apps::list_revisions)
        .service(apps::move_application)
        .service(apps::get_application_history)
        .service(apps::list_application_messages)
        .service(eligibility::handlers::run_eligibility_checks)
        .service(eligibility::handlers::get_eligibility_checks)
        .service(eligibility::handlers::screen_application)
        .service(reviews::assign_reviewer)
        .service(reviews::list_application_reviews)
        .service(reviews::list_reviews)
        .service(reviews::declare_no_conflict)
        .service(reviews::submit_review)
        .service(committee::handlers::get_call_summary)
        .service(committee::handlers::decide_applications)
        .service(grants::handlers::create_grant)
        .service(grants::handlers::list_grants)
        .service(grants::handlers::get_grant)
        .service(grants::handlers::get_grant_agreement)
        .service(grants::handlers::upload_signed_agreement)
        .service(disbursements::handlers::request_disbursement)
        .service(disbursements::handlers::list_disbursements)
        .service(disbursements::handlers::approve_disbursement)
        .service(disbursements::handlers::record_payment)
        .service(reports::handlers::submit_report)
        .service(reports::handlers::list_reports)
        .service(reports::handlers::attach_receipt)
        .service(reports::handlers::review_report)
        .service(attachments::handlers::attach_to_application)
        .service(attachments::handlers::list_application_attachments)
        .service(attachments::handlers::download_attachment)
        .service(todo::list_todo)
        .service(stats::get_stats)
        .service(stats::projects::list_projects);
}

/// Made once per process: the registry and training clients, the file store
/// (`MODAL_FILES_URL`) and the euro rates (`MODAL_EUR_RATES`, the XOF peg built in).
fn data(settings: &Settings, _: &Db) -> Result<AppData, String> {
    let peers = web::Data::new(peers::Peers::new(settings.peer("registry")?, settings.peer("training")?));
    let files = web::Data::new(attachments::files::Files::open(&settings.files_url)?);
    let rates = EurRates::parse(&modal_kit::config::env_or("MODAL_EUR_RATES", ""))
        .map_err(|e| format!("MODAL_EUR_RATES: {e}"))?;
    let rates = web::Data::new(rates);
    Ok(Arc::new(move |cfg| {
        cfg.app_data(peers.clone()).app_data(files.clone()).app_data(rates.clone());
    }))
}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "funding",
        port: 8083,
        peers: &["registry", "training"],
        codes: &[
            transitions::INVALID_TRANSITION,
            calls::rules::CALL_NOT_OPEN,
            disbursements::handlers::REPORT_NOT_ACCEPTED,
        ],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data,
    }
}
