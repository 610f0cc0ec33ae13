//! Local development tokens, signed with the HS256 secret (`modal token`, tests).

use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::json;

pub struct MintRequest<'a> {
    pub secret: &'a str,
    pub issuer: &'a str,
    pub audience: &'a str,
    pub subject: &'a str,
    pub tenants: &'a [String],
    pub roles: &'a [String],
    pub ttl_secs: u64,
}

pub fn mint_token(req: &MintRequest<'_>) -> Result<String, String> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(|e| e.to_string())?.as_secs();
    let claims = json!({
        "sub": req.subject,
        "iss": req.issuer,
        "aud": req.audience,
        "iat": now,
        "exp": now + req.ttl_secs,
        "tenants": req.tenants,
        "roles": req.roles,
    });
    encode(&Header::default(), &claims, &EncodingKey::from_secret(req.secret.as_bytes())).map_err(|e| e.to_string())
}
