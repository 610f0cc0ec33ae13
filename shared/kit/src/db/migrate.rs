//! Migrations run as the owner of the tables: the kit's own tables first (audit
//! trail, idempotency keys: `shared/kit/migrations/`), then the service's. The
//! service then connects as a role that owns nothing, so PostgreSQL's row-level
//! security applies to it; [`check_role`] refuses to start otherwise.

use super::{AnyConnection, Connector};
use diesel::backend::Backend;
use diesel::connection::SimpleConnection;
use diesel::migration::{Migration, MigrationSource};
use diesel::sql_types::{Bool, Nullable, Text};
use diesel::RunQueryDsl;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// A set of migrations, one folder per engine, kept in lock-step (same names).
pub struct Migrations {
    pub postgres: EmbeddedMigrations,
    pub sqlite: EmbeddedMigrations,
}

/// The tables every service has, owned by the kit.
pub static KIT_MIGRATIONS: Migrations =
    Migrations { postgres: embed_migrations!("migrations/postgres"), sqlite: embed_migrations!("migrations/sqlite") };

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

fn apply(conn: &mut AnyConnection, set: &Migrations) -> Result<usize, String> {
    match conn {
        AnyConnection::Postgresql(c) => c.run_pending_migrations(Source(&set.postgres)).map(|v| v.len()),
        AnyConnection::Sqlite(c) => c.run_pending_migrations(Source(&set.sqlite)).map(|v| v.len()),
    }
    .map_err(|e| format!("migrations failed: {e}"))
}

/// Applies pending migrations with `owner_url` (the kit's, then `service`), then
/// (PostgreSQL) grants the role behind `app_url` the data privileges on every
/// table, and nothing more.
pub fn migrate(owner_url: &str, app_url: &str, service: &Migrations) -> Result<(), String> {
    let mut owner = Connector::new(owner_url)?.establish().map_err(|e| format!("migration connection: {e}"))?;
    let applied = apply(&mut owner, &KIT_MIGRATIONS)? + apply(&mut owner, service)?;
    tracing::info!(applied, "database migrations applied");

    let AnyConnection::Postgresql(owner_pg) = &mut owner else {
        return Ok(());
    };
    let mut app = Connector::new(app_url)?.establish().map_err(|e| format!("service connection: {e}"))?;
    let AnyConnection::Postgresql(app_pg) = &mut app else {
        return Err("the service and migration URLs must use the same engine".into());
    };
    let current = |c: &mut diesel::PgConnection| {
        diesel::sql_query("SELECT current_user::text AS name").get_result::<Name>(c).map(|n| n.name)
    };
    let app_role = current(app_pg).map_err(|e| e.to_string())?;
    if app_role == current(owner_pg).map_err(|e| e.to_string())? {
        tracing::warn!("the service connects as the table owner: use a separate role (README, PostgreSQL)");
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

#[derive(diesel::QueryableByName)]
struct Privileges {
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Bool)]
    rolsuper: bool,
    #[diesel(sql_type = Bool)]
    rolbypassrls: bool,
    #[diesel(sql_type = Nullable<Text>)]
    owned: Option<String>,
}

/// On PostgreSQL, refuses a service role that row-level security would not bind:
/// a superuser, a role with BYPASSRLS, or the owner of a tenant table (a FORCE'd
/// policy binds an owner too, but an owner can turn it off). `Err` says which and
/// what to do; SQLite has nothing to check.
pub fn check_role(conn: &mut AnyConnection) -> Result<(), String> {
    let AnyConnection::Postgresql(c) = conn else { return Ok(()) };
    let p: Privileges = diesel::sql_query(
        "SELECT r.rolname::text AS role, r.rolsuper, r.rolbypassrls, \
           (SELECT string_agg(DISTINCT cl.relname::text, ', ') FROM pg_class cl \
              JOIN pg_namespace n ON n.oid = cl.relnamespace \
              JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attname = 'tenant_id' \
             WHERE cl.relowner = r.oid AND cl.relkind = 'r' AND n.nspname = 'public') AS owned \
         FROM pg_roles r WHERE r.rolname = current_user",
    )
    .get_result(c)
    .map_err(|e| format!("cannot read the service role's privileges: {e}"))?;
    let why = if p.rolsuper {
        "is a superuser".to_string()
    } else if p.rolbypassrls {
        "has BYPASSRLS".to_string()
    } else if let Some(tables) = p.owned {
        format!("owns the tenant tables {tables}")
    } else {
        return Ok(());
    };
    Err(format!(
        "the database role {:?} {why}, so row-level security would not separate the tenants: connect as a role \
         that owns nothing (README, PostgreSQL), or set MODAL_ALLOW_PRIVILEGED_DB_ROLE=true for a trial",
        p.role
    ))
}
