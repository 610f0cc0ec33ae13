//! Token verification: HS256 with a shared secret (local use), RS256/ES256 with an
//! issuer's JWKS (production). Issuer, audience and expiry are always checked, and
//! `alg` must be one the configured keys allow (so `none` and HS/RS confusion fail).

use super::Claims;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};

/// Where the verifying keys come from.
#[derive(Clone, Debug)]
pub enum KeySource {
    /// A shared HS256 secret (at least 32 bytes).
    Secret(String),
    /// A JWKS document, already read from a file or fetched from a URL.
    Jwks(String),
}

#[derive(Clone, Debug)]
pub struct JwtSettings {
    pub keys: KeySource,
    pub issuer: String,
    pub audience: String,
    /// Clock skew tolerated on `exp`, in seconds.
    pub leeway_secs: u64,
}

pub struct Verifier {
    secret: Option<DecodingKey>,
    jwks: Option<JwkSet>,
    issuer: String,
    audience: String,
    leeway: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum VerifyError {
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    Invalid(String),
}

impl Verifier {
    pub fn new(settings: &JwtSettings) -> Result<Verifier, String> {
        let (secret, jwks) = match &settings.keys {
            KeySource::Secret(s) if s.len() < 32 => return Err("the HS256 secret must be at least 32 bytes".into()),
            KeySource::Secret(s) => (Some(DecodingKey::from_secret(s.as_bytes())), None),
            KeySource::Jwks(doc) => {
                let set: JwkSet = serde_json::from_str(doc).map_err(|e| format!("invalid JWKS: {e}"))?;
                if set.keys.is_empty() {
                    return Err("the JWKS has no keys".into());
                }
                (None, Some(set))
            }
        };
        Ok(Verifier {
            secret,
            jwks,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            leeway: settings.leeway_secs,
        })
    }

    pub fn verify(&self, token: &str) -> Result<Claims, VerifyError> {
        let header = decode_header(token).map_err(|_| VerifyError::Malformed)?;
        let key = match (header.alg, &self.secret, &self.jwks) {
            (Algorithm::HS256, Some(secret), _) => secret.clone(),
            (Algorithm::RS256 | Algorithm::ES256, _, Some(set)) => {
                let jwk = match &header.kid {
                    Some(kid) => set.find(kid),
                    None if set.keys.len() == 1 => set.keys.first(),
                    None => None,
                }
                .ok_or(VerifyError::UnknownKey)?;
                DecodingKey::from_jwk(jwk).map_err(|_| VerifyError::UnknownKey)?
            }
            _ => return Err(VerifyError::UnsupportedAlgorithm),
        };
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = self.leeway;
        decode::<Claims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|e| VerifyError::Invalid(e.to_string()))
    }
}
