//! Token verification: HS256 with a shared secret (local use), RS256/ES256 with an
//! issuer's JWKS (production). Issuer, audience and expiry are always checked, and
//! `alg` must be one the configured keys allow (so `none` and HS/RS confusion fail).

use super::Claims;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// How many verified tokens a replica remembers before it forgets them all.
const REMEMBERED_TOKENS: usize = 4096;

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
    /// Tokens whose signature and claims were checked, by their exact text.
    ///
    /// A client sends the same token with every request until it expires; checking
    /// its signature again each time was the largest single cost of a read by id
    /// (perf: a quarter of the service's instructions with HS256; RS256 and ES256
    /// cost far more). A remembered token still expires: `exp` is checked on every
    /// use. The keys are fixed for the life of the process, so nothing verified
    /// here can become invalid otherwise. Bounded: when full, it is emptied.
    verified: Mutex<HashMap<String, Claims>>,
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
            verified: Mutex::new(HashMap::new()),
        })
    }

    pub fn verify(&self, token: &str) -> Result<Claims, VerifyError> {
        if let Some(claims) = self.remembered(token) {
            return Ok(claims);
        }
        let claims = self.check(token)?;
        if let Ok(mut verified) = self.verified.lock() {
            if verified.len() >= REMEMBERED_TOKENS {
                verified.clear();
            }
            verified.insert(token.to_string(), claims.clone());
        }
        Ok(claims)
    }

    /// The claims of `token` if it was verified before and has not expired since;
    /// an expired one is forgotten and goes through `check` again (which refuses it
    /// with the usual reason).
    fn remembered(&self, token: &str) -> Option<Claims> {
        let mut verified = self.verified.lock().ok()?;
        let claims = verified.get(token)?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        if claims.exp.saturating_add(self.leeway) > now {
            return Some(claims.clone());
        }
        verified.remove(token);
        None
    }

    fn check(&self, token: &str) -> Result<Claims, VerifyError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{mint_token, MintRequest};

    const SECRET: &str = "unit-test-secret-unit-test-secret-0123";

    fn verifier() -> Verifier {
        let keys = KeySource::Secret(SECRET.into());
        Verifier::new(&JwtSettings { keys, issuer: "iss".into(), audience: "aud".into(), leeway_secs: 0 }).unwrap()
    }

    fn token(ttl_secs: u64) -> String {
        let tenants = ["diadem".to_string()];
        let roles = ["viewer".to_string()];
        let (issuer, audience, subject) = ("iss", "aud", "alice");
        mint_token(&MintRequest {
            secret: SECRET,
            issuer,
            audience,
            subject,
            tenants: &tenants,
            roles: &roles,
            ttl_secs,
        })
        .unwrap()
    }

    #[test]
    fn a_remembered_token_still_expires() {
        let v = verifier();
        let t = token(1);
        assert_eq!(v.verify(&t).unwrap().sub, "alice");
        assert_eq!(v.verify(&t).unwrap().sub, "alice", "the second use answers from memory");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        match v.verify(&t) {
            Err(VerifyError::Invalid(reason)) => assert!(reason.contains("Expired"), "{reason}"),
            other => panic!("an expired token was accepted: {other:?}"),
        }
    }

    #[test]
    fn a_token_differing_from_a_remembered_one_by_its_signature_is_refused() {
        let v = verifier();
        let t = token(600);
        v.verify(&t).unwrap();
        // One character changed inside the signature (not the last one, whose low
        // bits are padding).
        let mut forged = t.clone().into_bytes();
        let at = forged.len() - 10;
        forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert!(v.verify(&forged).is_err());
        assert!(v.verify(&t).is_ok());
    }
}
