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
use diesel::sql_types::BigInt;
use modal_kit::auth::Actor;

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

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn every_tenant_table_forces_rls_and_the_service_role_cannot_bypass_it() {
    let app = registry().await;
    app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL").assert_rls_posture(&[]);
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = diesel::sql_types::Text)]
    statement_timeout: String,
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn service_connections_carry_a_statement_timeout() {
    let app = registry().await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let conn = modal_kit::db::Connector::new(&pg.app_url).unwrap().establish().expect("connect");
    let modal_kit::db::AnyConnection::Postgresql(mut conn) = conn else { panic!("a PostgreSQL connection") };
    let s: Setting = diesel::sql_query("SHOW statement_timeout").get_result(&mut conn).unwrap();
    assert_eq!(s.statement_timeout, "10s");
}

#[derive(QueryableByName)]
struct TenantSetting {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    tenant: Option<String>,
}

fn tenant_setting(conn: &mut modal_kit::db::AnyConnection) -> Result<Option<String>, modal_kit::error::ApiError> {
    let row: TenantSetting =
        diesel::sql_query("SELECT current_setting('app.tenant_id', true) AS tenant").get_result(conn)?;
    Ok(row.tenant.filter(|t| !t.is_empty()))
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn each_tenant_reads_and_writes_through_connections_set_to_it_alone() {
    let app = registry().await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    // Two connections for three kinds of work: connections switch between tenants.
    let db = modal_kit::db::Db::open(&pg.app_url, 2, ["diadem", "fecong"]).expect("pool");
    for _ in 0..3 {
        assert_eq!(db.read_in("diadem", |c, _| tenant_setting(c)).await.unwrap().as_deref(), Some("diadem"));
        let fecong = Actor { tenant: "fecong".into(), subject: "test".into() };
        assert_eq!(db.write_as(fecong, |c, _| tenant_setting(c)).await.unwrap().as_deref(), Some("fecong"));
        assert_eq!(db.run(tenant_setting).await.unwrap(), None, "work outside a tenant sees no tenant");
    }
    let both = futures_util::future::join(
        db.read_in("diadem", |c, _| tenant_setting(c)),
        db.write_as(Actor { tenant: "fecong".into(), subject: "test".into() }, |c, _| tenant_setting(c)),
    )
    .await;
    assert_eq!((both.0.unwrap().as_deref(), both.1.unwrap().as_deref()), (Some("diadem"), Some("fecong")));
    assert!(db.read_in("paips", |c, _| tenant_setting(c)).await.is_err(), "a tenant not configured gets no connection");
    assert!(modal_kit::db::Db::open(&pg.app_url, 2, ["x'; RESET ALL; --"]).is_err(), "tenant ids are checked");
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn requests_after_the_database_dropped_every_connection_are_answered() {
    let app = registry().await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let token = coordinator("diadem");
    // Several requests at once, so that the tenant's pool holds several connections.
    let created = futures_join(&app, &token).await;
    assert!(created.iter().all(|s| *s == 201), "{created:?}");
    let mut admin = pg.connect_as_admin();
    admin
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND usename = 'modal_app'",
        )
        .unwrap();
    for _ in 0..3 {
        let res = app.get(&orgs("diadem"), &token).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let res = app.post(&orgs("diadem"), &token, &local_association("Après", "SN")).send().await.unwrap();
        assert!([201, 409].contains(&res.status().as_u16()), "{}", res.text().await.unwrap());
    }
}

async fn futures_join(app: &modal_testkit::TestApp, token: &str) -> Vec<u16> {
    let requests =
        (0..6).map(|i| app.post(&orgs("diadem"), token, &local_association(&format!("Org {i}"), "SN")).send());
    let mut statuses = Vec::new();
    for res in futures_util::future::join_all(requests).await {
        statuses.push(res.unwrap().status().as_u16());
    }
    statuses
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn a_write_whose_connection_dies_midway_runs_once_and_answers_database_unavailable() {
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    let app = registry().await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let db = modal_kit::db::Db::open(&pg.app_url, 4, ["diadem"]).expect("pools");
    let runs = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = runs.clone();
    let result = db
        .write_as(Actor { tenant: "diadem".into(), subject: "test".into() }, move |c, _| {
            counter.fetch_add(1, SeqCst);
            diesel::sql_query("SELECT pg_terminate_backend(pg_backend_pid())").execute(c)?;
            Ok(())
        })
        .await;
    assert_eq!(runs.load(SeqCst), 1, "a transaction that may have run is not run again");
    assert_eq!(result.unwrap_err().code, modal_kit::Code::DATABASE_UNAVAILABLE);
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn fifty_tenants_at_once_share_the_few_connections_of_one_pool() {
    let app = registry().await;
    let pg = app.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL");
    let mut admin = pg.connect_as_admin();
    let held = |admin: &mut PgConnection| {
        count(
            admin,
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND usename = 'modal_app'",
        )
    };
    let before = held(&mut admin);
    let ids: Vec<String> = (1..=50).map(|i| format!("t{i:02}")).collect();
    let db = modal_kit::db::Db::open(&pg.app_url, 3, ids.iter().map(String::as_str)).expect("pool");
    let reads = ids.iter().map(|t| {
        let db = db.clone();
        async move { db.read_in(t, |c, _| tenant_setting(c)).await.unwrap() }
    });
    let seen = futures_util::future::join_all(reads).await;
    assert_eq!(seen, ids.iter().map(|t| Some(t.clone())).collect::<Vec<_>>(), "each read saw its own tenant");
    assert!(held(&mut admin) - before <= 3, "at most the pool's 3 connections for 50 tenants");
}
