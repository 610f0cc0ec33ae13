//! Local development tokens, signed with the HS256 secret (`modal token`, tests).

use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub struct MintRequest<'a> {
    pub secret: &'a str,
    pub issuer: &'a str,
    pub audience: &'a str,
    pub subject: &'a str,
    pub tenants: &'a [String],
    pub roles: &'a [String],
    /// Roles that differ per tenant (the `tenant_roles` claim); empty for most tokens.
    pub tenant_roles: &'a BTreeMap<String, Vec<String>>,
    /// The organisation an `applicant` acts for.
    pub organisation: Option<&'a str>,
    pub ttl_secs: u64,
}

pub fn mint_token(req: &MintRequest<'_>) -> Result<String, String> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(|e| e.to_string())?.as_secs();
    let mut claims = json!({
        "sub": req.subject,
        "iss": req.issuer,
        "aud": req.audience,
        "iat": now,
        "nbf": now,
        "exp": now + req.ttl_secs,
        "tenants": req.tenants,
        "roles": req.roles,
    });
    if let Some(org) = req.organisation {
        claims["organisation"] = org.into();
    }
    if !req.tenant_roles.is_empty() {
        claims["tenant_roles"] = serde_json::to_value(req.tenant_roles).unwrap_or(Value::Null);
    }
    encode(&Header::default(), &claims, &EncodingKey::from_secret(req.secret.as_bytes())).map_err(|e| e.to_string())
}
