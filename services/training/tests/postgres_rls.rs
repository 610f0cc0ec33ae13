//! PostgreSQL only (`#[ignore]`d otherwise; CI runs them with `--include-ignored`).

mod common;

use common::*;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use serde_json::json;

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn every_tenant_table_forces_rls_and_the_service_role_cannot_bypass_it() {
    let sys = system().await;
    sys.training.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL").assert_rls_posture(&[(
        "certificate_codes",
        "a code is unique across tenants (the public check finds its tenant by it); not FORCE'd, so that \
         certificate_tenant(), run as the owner, can find one code's tenant",
    )]);
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Tenant {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    tenant: Option<String>,
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn a_code_finds_its_tenant_through_one_function_and_no_connection_can_list_the_codes() {
    let sys = system().await;
    let t =
        create_training(&sys.training, "diadem", &training_body("X", "Thiès", "SN", "2021-08-02", "2021-08-02")).await;
    let tid = t["id"].as_str().unwrap();
    enrol(&sys.training, "diadem", tid, &person("Awa", "female", "on_site", None)).await;
    sys.training
        .put(
            &format!("{}/{tid}/days/2021-08-02/attendance", trainings("diadem")),
            &coordinator("diadem"),
            &json!({"default": "present"}),
        )
        .send()
        .await
        .unwrap();
    let report = modal_testkit::json(
        sys.training
            .post(&format!("{}/{tid}/certificates", trainings("diadem")), &coordinator("diadem"), &json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let code = report["issued"][0]["code"].as_str().unwrap();
    let mut conn = sys.training.pg.as_ref().expect("PostgreSQL").connect_as_app();
    let n = |conn: &mut PgConnection, sql: &str| diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n;
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM certificate_codes"), 0, "the codes cannot be listed");
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM certificates"), 0);
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM participants"), 0);
    let found: Tenant =
        diesel::sql_query(format!("SELECT certificate_tenant('{code}') AS tenant")).get_result(&mut conn).unwrap();
    assert_eq!(found.tenant.as_deref(), Some("diadem"));
    let unknown: Tenant =
        diesel::sql_query("SELECT certificate_tenant('NOPE') AS tenant").get_result(&mut conn).unwrap();
    assert_eq!(unknown.tenant, None);
}
