//! Migrations run as the owner of the tables; the service then connects as a role
//! that owns nothing, so PostgreSQL's row-level security applies to it.

use super::{AnyConnection, Connector};
use diesel::backend::Backend;
use diesel::connection::SimpleConnection;
use diesel::migration::{Migration, MigrationSource};
use diesel::sql_types::Text;
use diesel::RunQueryDsl;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

/// A service's migrations, one folder per engine, kept in lock-step (same names).
pub struct Migrations {
    pub postgres: EmbeddedMigrations,
    pub sqlite: EmbeddedMigrations,
}

/// Lends a `static` set of embedded migrations to the harness, which wants a value.
struct Source<'a>(&'a EmbeddedMigrations);

impl<DB: Backend> MigrationSource<DB> for Source<'_> {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<DB>>>> {
        MigrationSource::<DB>::migrations(self.0)
    }
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Applies pending migrations with `owner_url`, then (PostgreSQL) grants the role
/// behind `app_url` the data privileges on every table, and nothing more.
pub fn migrate(owner_url: &str, app_url: &str, migrations: &Migrations) -> Result<(), String> {
    let mut owner = Connector::new(owner_url).establish().map_err(|e| format!("migration connection: {e}"))?;
    let applied = match &mut owner {
        AnyConnection::Postgresql(c) => c.run_pending_migrations(Source(&migrations.postgres)).map(|v| v.len()),
        AnyConnection::Sqlite(c) => c.run_pending_migrations(Source(&migrations.sqlite)).map(|v| v.len()),
    }
    .map_err(|e| format!("migrations failed: {e}"))?;
    tracing::info!(applied, "database migrations applied");

    let AnyConnection::Postgresql(owner_pg) = &mut owner else {
        return Ok(());
    };
    let mut app = Connector::new(app_url).establish().map_err(|e| format!("service connection: {e}"))?;
    let AnyConnection::Postgresql(app_pg) = &mut app else {
        return Err("the service and migration URLs must use the same engine".into());
    };
    let current = |c: &mut diesel::PgConnection| {
        diesel::sql_query("SELECT current_user::text AS name").get_result::<Name>(c).map(|n| n.name)
    };
    let app_role = current(app_pg).map_err(|e| e.to_string())?;
    if app_role == current(owner_pg).map_err(|e| e.to_string())? {
        tracing::warn!(
            "the service connects as the table owner: row-level security is FORCE'd, but use a separate role"
        );
        return Ok(());
    }
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_%'",
    )
    .load(owner_pg)
    .map_err(|e| e.to_string())?;
    let role = quote_ident(&app_role);
    let mut sql = format!("GRANT USAGE ON SCHEMA public TO {role};");
    for t in tables {
        sql.push_str(&format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {role};", quote_ident(&t.name)));
    }
    owner_pg.batch_execute(&sql).map_err(|e| format!("grants failed: {e}"))
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
