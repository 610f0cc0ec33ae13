//! PostgreSQL's row-level security is a second wall behind the application's
//! tenant filters: these tests talk to the database directly, as the service role,
//! and show that a forgotten filter still leaks nothing.
//!
//! They need PostgreSQL and are `#[ignore]`d otherwise (never counted as passed on
//! SQLite); CI runs them with `MODAL_TEST_POSTGRES_URL` set and `--include-ignored`.

mod common;

use common::*;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).expect(sql).n
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn without_a_tenant_setting_the_service_role_sees_no_rows_at_all() {
    let app = registry().await;
    create(&app, "diadem", &local_association("A", "SN")).await;
    create(&app, "fecong", &local_association("B", "ML")).await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let mut conn = pg.connect_as_app();
    // No WHERE tenant_id = … here: the "forgotten filter".
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM organisations"), 0);
    conn.batch_execute("BEGIN; SELECT set_config('app.tenant_id', 'diadem', true);").unwrap();
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM organisations"), 1);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM organisations WHERE tenant_id = 'fecong'"), 0);
    // Writing a row of another tenant is refused by the policy's WITH CHECK.
    let insert = conn.batch_execute("UPDATE organisations SET tenant_id = 'fecong'");
    assert!(insert.is_err(), "moving a row to another tenant must fail");
    conn.batch_execute("ROLLBACK").unwrap();
    // The setting ends with its transaction.
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM organisations"), 0);
}

#[derive(QueryableByName)]
struct Flags {
    #[diesel(sql_type = Bool)]
    rolsuper: bool,
    #[diesel(sql_type = Bool)]
    rolbypassrls: bool,
    #[diesel(sql_type = BigInt)]
    owned: i64,
}

#[derive(QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    relname: String,
    #[diesel(sql_type = Bool)]
    relrowsecurity: bool,
    #[diesel(sql_type = Bool)]
    relforcerowsecurity: bool,
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn every_tenant_table_forces_rls_and_the_service_role_cannot_bypass_it() {
    let app = registry().await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let mut admin = pg.connect_as_admin();
    let tables: Vec<Table> = diesel::sql_query(
        "SELECT c.relname::text AS relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'tenant_id'",
    )
    .load(&mut admin)
    .unwrap();
    assert!(tables.len() >= 3, "organisations, partnerships, audit_events");
    for t in &tables {
        assert!(t.relrowsecurity && t.relforcerowsecurity, "{} must enable and force RLS", t.relname);
    }
    let role: Flags = diesel::sql_query(
        "SELECT r.rolsuper, r.rolbypassrls, (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned \
         FROM pg_roles r WHERE r.rolname = 'modal_app'",
    )
    .get_result(&mut admin)
    .unwrap();
    assert!(!role.rolsuper && !role.rolbypassrls, "the service role must not bypass RLS");
    assert_eq!(role.owned, 0, "the service role owns no table");
}
