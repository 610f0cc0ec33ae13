//! The kit's service-to-service client, against a peer that answers (the registry
//! double, with the kit's own token checks) and against peers that are down or
//! hang: answers are clear problems, in bounded time.

use modal_kit::client::PeerClient;
use modal_kit::Code;
use modal_testkit::{token, RegistryDouble};
use serde_json::Value;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_peer_read_forwards_the_token_and_maps_404_to_none() {
    let registry = RegistryDouble::start().await;
    let id = registry.add_organisation("diadem", "Jappo", "local_association", "SN");
    let client = PeerClient::new("registry", &registry.base, Duration::from_secs(2));
    let path = format!("/v1/tenants/diadem/organisations/{id}");
    let diadem = token(&["diadem"], &["coordinator"]);
    let found: Option<Value> = client.get_json(&path, &diadem).await.unwrap();
    assert_eq!(found.unwrap()["name"], "Jappo");
    let missing: Option<Value> = client.get_json("/v1/tenants/diadem/organisations/nope", &diadem).await.unwrap();
    assert!(missing.is_none());
    let other_tenant = client.get_json::<Value>(&path, &token(&["fecong"], &["coordinator"])).await.unwrap_err();
    assert_eq!(other_tenant.code, Code::FORBIDDEN);
}

#[tokio::test]
async fn a_stopped_peer_is_503_and_a_hanging_peer_504_within_the_timeout() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let down = PeerClient::new("registry", &format!("http://127.0.0.1:{closed_port}"), Duration::from_millis(500));
    assert_eq!(down.get_json::<Value>("/x", "t").await.unwrap_err().code, Code::UPSTREAM_UNAVAILABLE);

    // Accepts connections, never answers.
    let hanging = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = hanging.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = hanging.accept().await {
            held.push(sock);
        }
    });
    let slow = PeerClient::new("registry", &format!("http://127.0.0.1:{port}"), Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(slow.get_json::<Value>("/x", "t").await.unwrap_err().code, Code::UPSTREAM_TIMEOUT);
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn outgoing_calls_carry_w3c_trace_context() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    modal_kit::telemetry::init_with("modal-tests", "warn", true); // as a service does
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 4096];
        let n = sock.read(&mut buf).await.unwrap();
        sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
            .await
            .unwrap();
        String::from_utf8_lossy(&buf[..n]).to_lowercase()
    });
    let client = PeerClient::new("peer", &format!("http://127.0.0.1:{port}"), Duration::from_secs(2));
    let _: Option<Value> = client.get_json("/x", "the-token").await.unwrap();
    let request = seen.await.unwrap();
    assert!(request.contains("authorization: bearer the-token"), "{request}");
    assert!(request.contains("traceparent: 00-"), "{request}");
}
