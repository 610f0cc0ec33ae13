//! funding: the programme's pilot funding mechanism — restricted calls for
//! projects, applications by local associations with their diaspora partner,
//! screening, scored reviews, selection within the envelope, grants, tranches.
//!
//! [`service`] describes it to the kit's app builder: routes (each declared once,
//! on its handler), contract, error codes, migrations, and the services it reads.

pub mod roles;
pub mod schema;

use diesel_migrations::embed_migrations;
use modal_kit::db::Migrations;
use modal_kit::http::{no_data, ServiceConfig, ServiceDef};

pub static MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "modal funding", description = "Calls for projects, applications, reviews, grants and disbursements of the MODAL programme."),
    tags(
        (name = "audit", description = "Who changed what, when"),
        (name = "operations", description = "Probes and metrics"),
    )
)]
struct ApiDoc;

/// The route table.
fn routes(_cfg: &mut ServiceConfig) {}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "funding",
        port: 8083,
        peers: &["registry", "training"],
        codes: &[],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data: no_data,
    }
}
