//! Production tokens: ES256 signatures checked against an issuer's JWKS.
//! (The key pair in fixtures/ was generated for these tests only.)

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use modal_kit::auth::{JwtSettings, KeySource, Verifier};
use serde_json::json;

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
    let claims = verifier().verify(&sign("test-key-1", Algorithm::ES256)).expect("valid");
    assert_eq!(claims.sub, "alice");
    assert_eq!(claims.tenants, vec!["diadem"]);
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
