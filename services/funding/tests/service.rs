//! The service answers as every service does.

mod common;

use common::*;
use modal_testkit::json;

#[tokio::test]
async fn the_service_is_ready_and_keeps_an_audit_trail_per_tenant() {
    let sys = system().await;
    assert_eq!(json(sys.funding.http.get(sys.funding.url("/readyz")).send().await.unwrap()).await["status"], "ready");
    let admin = modal_testkit::token(&["diadem"], &["tenant_admin"]);
    let audit = json(sys.funding.get("/v1/tenants/diadem/audit", &admin).send().await.unwrap()).await;
    assert_eq!(audit["items"], serde_json::json!([]));
    assert_eq!(sys.funding.get("/v1/tenants/fecong/audit", &coordinator("diadem")).send().await.unwrap().status(), 403);
}
