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
    sys.training.pg.as_ref().expect("this test needs MODAL_TEST_POSTGRES_URL").assert_rls_posture();
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[tokio::test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
async fn the_code_index_is_readable_but_certificates_stay_behind_rls() {
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
    sys.training
        .post(&format!("{}/{tid}/certificates", trainings("diadem")), &coordinator("diadem"), &json!({}))
        .send()
        .await
        .unwrap();
    let mut conn = sys.training.pg.as_ref().expect("PostgreSQL").connect_as_app();
    let n = |conn: &mut PgConnection, sql: &str| diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n;
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM certificate_codes"), 1);
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM certificates"), 0);
    assert_eq!(n(&mut conn, "SELECT count(*) AS n FROM participants"), 0);
}
