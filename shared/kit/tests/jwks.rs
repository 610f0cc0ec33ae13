//! Production tokens: ES256 signatures checked against an issuer's JWKS.
//! (The key pair in fixtures/ was generated for these tests only.)

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use modal_kit::auth::{JwtSettings, KeySource, Verifier};
use serde_json::json;

mod notes;

fn verifier() -> Verifier {
    Verifier::new(&JwtSettings {
        keys: KeySource::Jwks(include_str!("fixtures/es256-test-only.jwks.json").to_string()),
        issuer: "https://idp.example".into(),
        audience: "modal".into(),
        leeway_secs: 0,
    })
    .expect("verifier")
}

fn sign(kid: &str, alg: Algorithm) -> String {
    let exp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 600;
    let claims = json!({"sub": "alice", "iss": "https://idp.example", "aud": "modal", "exp": exp, "tenants": ["diadem"], "roles": ["viewer"]});
    let mut header = Header::new(alg);
    header.kid = Some(kid.into());
    let key = EncodingKey::from_ec_pem(include_bytes!("fixtures/es256-test-only.pem")).unwrap();
    encode(&header, &claims, &key).unwrap()
}

#[test]
fn a_token_signed_by_the_issuers_key_is_accepted() {
    let verified = verifier().verify(&sign("test-key-1", Algorithm::ES256)).expect("valid");
    assert_eq!(verified.subject, "alice");
    assert_eq!(verified.tenants, vec!["diadem"]);
}

#[test]
fn an_unknown_key_id_or_an_hs256_token_is_refused_when_only_a_jwks_is_configured() {
    assert!(verifier().verify(&sign("another-key", Algorithm::ES256)).is_err());
    let hs = encode(
        &Header::default(),
        &json!({"sub": "x", "iss": "https://idp.example", "aud": "modal", "exp": 9999999999u64}),
        &EncodingKey::from_secret(b"guess"),
    )
    .unwrap();
    assert!(verifier().verify(&hs).is_err());
}

/// Serves a JWKS document that the test can replace, counting the reads.
struct JwksServer {
    url: String,
    document: std::sync::Arc<std::sync::Mutex<String>>,
    reads: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl JwksServer {
    async fn start(document: &str) -> JwksServer {
        use std::sync::atomic::Ordering;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/certs", listener.local_addr().unwrap());
        let doc = std::sync::Arc::new(std::sync::Mutex::new(document.to_string()));
        let reads = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (served, counted) = (doc.clone(), reads.clone());
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let mut buf = vec![0u8; 4096];
                let _ = sock.read(&mut buf).await;
                counted.fetch_add(1, Ordering::SeqCst);
                let body = served.lock().unwrap().clone();
                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                let _ = sock.write_all(format!("{head}{body}").as_bytes()).await;
            }
        });
        JwksServer { url, document: doc, reads }
    }

    fn serve(&self, document: &str) {
        *self.document.lock().unwrap() = document.to_string();
    }

    fn reads(&self) -> usize {
        self.reads.load(std::sync::atomic::Ordering::SeqCst)
    }
}

const FIRST: &str = include_str!("fixtures/es256-test-only.jwks.json");
const ROTATED: &str = include_str!("fixtures/es256-rotated-test-only.jwks.json");

fn signed_with(kid: &str, pem: &[u8]) -> String {
    let exp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 600;
    let claims = json!({"sub": "alice", "iss": "https://idp.example", "aud": "modal", "exp": exp, "tenants": ["diadem"], "roles": ["viewer"]});
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.into());
    encode(&header, &claims, &EncodingKey::from_ec_pem(pem).unwrap()).unwrap()
}

fn from_url(url: &str) -> JwtSettings {
    JwtSettings {
        keys: KeySource::JwksUrl {
            url: url.into(),
            document: FIRST.into(),
            refresh: std::time::Duration::from_secs(3600),
        },
        issuer: "https://idp.example".into(),
        audience: "modal".into(),
        leeway_secs: 0,
    }
}

#[tokio::test]
async fn a_rotated_key_is_read_again_when_a_token_names_it_and_a_withdrawn_one_stops_working() {
    let server = JwksServer::start(FIRST).await;
    let verifier = Verifier::new(&from_url(&server.url)).unwrap();
    let old = signed_with("test-key-1", include_bytes!("fixtures/es256-test-only.pem"));
    let new = signed_with("test-key-2", include_bytes!("fixtures/es256-rotated-test-only.pem"));
    assert!(verifier.verify(&old).is_ok());
    server.serve(ROTATED);
    assert_eq!(verifier.verify(&new).unwrap_err(), modal_kit::auth::VerifyError::UnknownKey);
    assert!(verifier.refresh_if_due().await, "the keys changed");
    assert!(verifier.verify(&new).is_ok());
    assert!(verifier.verify(&old).is_err(), "a remembered token of a withdrawn key is checked again and refused");
    assert!(!verifier.refresh_if_due().await, "at most one read a minute");
    assert_eq!(server.reads(), 1);
}

#[tokio::test]
async fn a_service_reads_the_issuers_keys_again_for_a_token_naming_a_new_one() {
    let server = JwksServer::start(FIRST).await;
    let app = modal_testkit::spawn_with(notes::service(), |s| s.jwt = from_url(&server.url)).await;
    server.serve(ROTATED);
    let new = signed_with("test-key-2", include_bytes!("fixtures/es256-rotated-test-only.pem"));
    let res = app.get("/v1/tenants/diadem/notes", &new).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}
