//! A fresh PostgreSQL database per test, with the two roles production uses:
//! `modal_owner` runs the migrations and owns the tables; `modal_app` is what the
//! service connects as — not a superuser, no BYPASSRLS, owning nothing.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

pub const OWNER_ROLE: &str = "modal_owner";
pub const APP_ROLE: &str = "modal_app";
const PASSWORD: &str = "modal-test";

pub struct PgDatabase {
    pub name: String,
    pub admin_url: String,
    pub owner_url: String,
    pub app_url: String,
}

/// The URL of database `db` on the admin URL's server, as `user` (or as the admin).
/// Without GSSAPI encryption: libpq would otherwise call into Kerberos on every
/// connect, and Kerberos's exit-time destructors race with pool threads still
/// connecting when a test binary exits (an abort seen in CI), as OpenSSL's do.
fn with_database(url: &str, user: Option<&str>, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (auth_host, _) = rest.rsplit_once('/').unwrap_or((rest, ""));
    let host = auth_host.rsplit_once('@').map_or(auth_host, |(_, h)| h);
    match user {
        Some(u) => format!("{scheme}://{u}:{PASSWORD}@{host}/{db}?gssencmode=disable"),
        None => format!("{scheme}://{auth_host}/{db}?gssencmode=disable"),
    }
}

impl PgDatabase {
    pub fn create(admin_url: &str) -> PgDatabase {
        // libpq uses OpenSSL (TLS, and the SCRAM nonce even without TLS). By default
        // OpenSSL frees its locks in an `atexit` handler; a test binary exits while
        // the servers of finished tests may still be opening a connection on a
        // blocking thread, which then crashes the process after every test passed
        // (diesel-rs/diesel#3441). Initialising OpenSSL first through openssl-sys,
        // which passes OPENSSL_INIT_NO_ATEXIT, keeps those locks alive until the OS
        // reclaims them. The alternative, stopping every test's server and joining
        // its blocking threads, is not possible: actix does not expose them.
        openssl_sys::init();
        let mut admin = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("MODAL_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}"));
        // Roles are cluster-wide and tests run in parallel: create them if absent,
        // tolerating a concurrent creation.
        for (role, attrs) in
            [(OWNER_ROLE, "LOGIN"), (APP_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")]
        {
            admin
                .batch_execute(&format!(
                    "DO $$ BEGIN CREATE ROLE {role} {attrs} PASSWORD '{PASSWORD}'; \
                     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"
                ))
                .expect("create role");
        }
        let name = format!("modal_test_{}", uuid::Uuid::new_v4().simple());
        admin.batch_execute(&format!("CREATE DATABASE {name} OWNER {OWNER_ROLE}")).expect("create database");
        let mut db_admin = PgConnection::establish(&with_database(admin_url, None, &name)).expect("connect new db");
        db_admin
            .batch_execute(&format!(
                "REVOKE ALL ON SCHEMA public FROM PUBLIC; ALTER SCHEMA public OWNER TO {OWNER_ROLE}; \
                 GRANT CONNECT ON DATABASE {name} TO {APP_ROLE};"
            ))
            .expect("schema ownership");
        PgDatabase {
            owner_url: with_database(admin_url, Some(OWNER_ROLE), &name),
            app_url: with_database(admin_url, Some(APP_ROLE), &name),
            admin_url: with_database(admin_url, None, &name),
            name,
        }
    }

    /// A direct connection as the service role, to prove what RLS lets it see.
    pub fn connect_as_app(&self) -> PgConnection {
        PgConnection::establish(&self.app_url).expect("connect as app")
    }

    /// The catalog posture every service's database must have: every table with a
    /// `tenant_id` has row-level security enabled and forced, and every unique
    /// constraint or index on it includes `tenant_id`; the service role is no
    /// superuser, cannot bypass RLS and owns no table. `exceptions` names tables
    /// exempt from FORCE and from the tenant in their keys, each with its reason.
    /// Panics otherwise.
    pub fn assert_rls_posture(&self, exceptions: &[(&str, &str)]) {
        use diesel::sql_types::{BigInt, Bool, Text};
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Table {
            #[diesel(sql_type = Text)]
            relname: String,
            #[diesel(sql_type = Bool)]
            relrowsecurity: bool,
            #[diesel(sql_type = Bool)]
            relforcerowsecurity: bool,
        }
        #[derive(diesel::QueryableByName)]
        struct Unique {
            #[diesel(sql_type = Text)]
            table_name: String,
            #[diesel(sql_type = Text)]
            index_name: String,
        }
        #[derive(diesel::QueryableByName)]
        struct Role {
            #[diesel(sql_type = Bool)]
            rolsuper: bool,
            #[diesel(sql_type = Bool)]
            rolbypassrls: bool,
            #[diesel(sql_type = BigInt)]
            owned: i64,
        }
        for (table, reason) in exceptions {
            assert!(reason.len() > 20, "the exception for {table} needs a reason");
        }
        let exempt = |t: &str| exceptions.iter().any(|(e, _)| *e == t);
        let mut admin = self.connect_as_admin();
        let tables: Vec<Table> = diesel::sql_query(
            "SELECT c.relname::text AS relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid \
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'tenant_id'",
        )
        .load(&mut admin)
        .expect("catalog");
        assert!(!tables.is_empty(), "no tenant table found");
        for t in &tables {
            assert!(t.relrowsecurity, "{} must enable row-level security", t.relname);
            assert!(t.relforcerowsecurity || exempt(&t.relname), "{} must force row-level security", t.relname);
        }
        // Unique indexes (unique constraints and primary keys have one each) of
        // tenant tables whose columns do not include tenant_id.
        let without_tenant: Vec<Unique> = diesel::sql_query(
            "SELECT t.relname::text AS table_name, i.relname::text AS index_name FROM pg_index x \
             JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = 'public' AND x.indisunique \
               AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id') \
               AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id' \
                               AND a.attnum = ANY (x.indkey::smallint[]))",
        )
        .load(&mut admin)
        .expect("catalog");
        for u in &without_tenant {
            assert!(exempt(&u.table_name), "unique index {} on {} must include tenant_id", u.index_name, u.table_name);
        }
        let role: Role = diesel::sql_query(format!(
            "SELECT r.rolsuper, r.rolbypassrls, (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned \
             FROM pg_roles r WHERE r.rolname = '{APP_ROLE}'"
        ))
        .get_result(&mut admin)
        .expect("role");
        assert!(!role.rolsuper && !role.rolbypassrls, "the service role must not bypass row-level security");
        assert_eq!(role.owned, 0, "the service role must own no table");
    }

    /// A direct connection as the cluster admin (catalog checks).
    pub fn connect_as_admin(&self) -> PgConnection {
        PgConnection::establish(&self.admin_url).expect("connect as admin")
    }
}
