//! registry: the organisations of the MODAL programme (diaspora organisations,
//! local associations, federations…) and the partnerships between them.
//!
//! [`service`] describes it to the kit's app builder: routes (each declared once,
//! on its handler), contract, error codes and migrations. The contract is
//! committed as `openapi/registry.json`.

pub mod organisations;
pub mod partnerships;
pub mod people;
pub mod programme;
pub mod roles;
pub mod schema;
pub mod stats;

use diesel_migrations::embed_migrations;
use modal_kit::db::Migrations;
use modal_kit::http::{no_data, ServiceConfig, ServiceDef};
use organisations::{csv_handlers, handlers as orgs};
use partnerships::handlers as parts;
use people::{handlers as people_routes, personal_data};

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal registry", description = "Organisations, their people and partnerships of the MODAL programme, per tenant (country partner)."),
    tags(
        (name = "organisations", description = "Organisations: register, search, update, archive, import, export"),
        (name = "people", description = "The people of an organisation (president, treasurer, focal point…): personal data"),
        (name = "partnerships", description = "Links between a diaspora organisation and a local one"),
        (name = "stats", description = "Figures for reporting"),
        (name = "programme", description = "Every tenant side by side, for the programme team (programme_admin): reading only"),
        (name = "audit", description = "Who changed what, when"),
        (name = "operations", description = "Probes and metrics"),
    )
)]
struct ApiDoc;

/// The route table. Fixed segments (`duplicates`, `candidates`, `import`, `export`) come before
/// `{id}` so they are not read as ids.
fn routes(cfg: &mut ServiceConfig) {
    cfg.service(orgs::list_organisations)
        .service(orgs::create_organisation)
        .service(orgs::list_duplicate_organisations)
        .service(organisations::duplicates::list_duplicate_candidates)
        .service(csv_handlers::export_organisations)
        .service(csv_handlers::import_organisations)
        .service(orgs::get_organisation)
        .service(orgs::replace_organisation)
        .service(orgs::delete_organisation)
        .service(orgs::change_organisation_status)
        .service(organisations::duplicates::mark_not_duplicate)
        .service(organisations::merge::merge_organisations)
        .service(people_routes::list_people)
        .service(people_routes::add_person)
        .service(personal_data::export_person_data)
        .service(personal_data::erase_person_data)
        .service(people_routes::get_person)
        .service(people_routes::replace_person)
        .service(people_routes::delete_person)
        .service(parts::list_partnerships)
        .service(parts::create_partnership)
        .service(parts::get_partnership)
        .service(parts::replace_partnership)
        .service(parts::delete_partnership)
        .service(stats::get_registry_stats)
        .service(programme::list_programme_organisations)
        .service(programme::list_programme_duplicate_candidates)
        .service(programme::get_programme_stats);
}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "registry",
        port: 8081,
        peers: &[],
        codes: &[organisations::DUPLICATE_ORGANISATION, organisations::DUPLICATE_IDENTIFIER],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data: no_data,
    }
}
