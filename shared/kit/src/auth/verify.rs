//! Token verification: HS256 with a shared secret (local use), RS256/ES256 with an
//! issuer's JWKS (production). Issuer, audience, expiry and not-before are always
//! checked, with the configured leeway, and `alg` must be one the configured keys
//! allow (so `none` and HS/RS confusion fail).

use super::{Claims, Role, RoleSet};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How many verified tokens a replica remembers before it forgets them all.
const REMEMBERED_TOKENS: usize = 4096;

/// A token naming a key we do not know makes us read the JWKS again, at most this often.
pub(super) const MIN_REFRESH: Duration = Duration::from_secs(60);

/// Where the verifying keys come from.
#[derive(Clone, Debug)]
pub enum KeySource {
    /// A shared HS256 secret (at least 32 bytes).
    Secret(String),
    /// A JWKS document read from a file: fixed for the life of the process.
    Jwks(String),
    /// A JWKS document fetched from `url`, read again when a token names an
    /// unknown key (at most once a minute) and every `refresh` period.
    JwksUrl { url: String, document: String, refresh: Duration },
}

#[derive(Clone, Debug)]
pub struct JwtSettings {
    pub keys: KeySource,
    pub issuer: String,
    pub audience: String,
    /// Clock skew tolerated on `exp` and `nbf`, in seconds (`MODAL_JWT_LEEWAY_SECS`).
    pub leeway_secs: u64,
}

/// What a verified token says, parsed once and shared by every request that
/// presents the same token.
#[derive(Debug)]
pub struct Verified {
    pub subject: String,
    pub tenants: Vec<String>,
    pub roles: RoleSet,
    pub tenant_roles: BTreeMap<String, RoleSet>,
    pub exp: u64,
    /// The registry organisation an `applicant` acts for.
    pub organisation: Option<String>,
    /// The token itself, forwarded on service-to-service calls.
    pub token: String,
}

impl Verified {
    fn new(claims: Claims, token: &str) -> Verified {
        Verified {
            roles: RoleSet::of(&Role::parse_all(&claims.roles)),
            tenant_roles: claims
                .tenant_roles
                .iter()
                .map(|(t, r)| (t.clone(), RoleSet::of(&Role::parse_all(r))))
                .collect(),
            subject: claims.sub,
            tenants: claims.tenants,
            exp: claims.exp,
            organisation: claims.organisation,
            token: token.to_string(),
        }
    }
}

pub struct Verifier {
    secret: Option<DecodingKey>,
    jwks: RwLock<Option<JwkSet>>,
    pub(super) url: Option<(String, Duration)>,
    pub(super) last_fetch: Mutex<Option<Instant>>,
    issuer: String,
    audience: String,
    leeway: u64,
    /// Tokens whose signature and claims were checked, by their exact text.
    ///
    /// A client sends the same token with every request until it expires; checking
    /// its signature again each time was the largest single cost of a read by id
    /// (perf: a quarter of the service's instructions with HS256; RS256 and ES256
    /// cost far more). A remembered token still expires: `exp` is checked on every
    /// use. Emptied when the keys change, so a key the issuer withdrew stops being
    /// accepted at the next refresh. Bounded: when full, it is emptied.
    verified: Mutex<HashMap<String, Arc<Verified>>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum VerifyError {
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    Expired,
    NotYetValid,
    Invalid(String),
}

impl Verifier {
    pub fn new(settings: &JwtSettings) -> Result<Verifier, String> {
        let (secret, jwks, url) = match &settings.keys {
            KeySource::Secret(s) if s.len() < 32 => return Err("the HS256 secret must be at least 32 bytes".into()),
            KeySource::Secret(s) => (Some(DecodingKey::from_secret(s.as_bytes())), None, None),
            KeySource::Jwks(doc) => (None, Some(parse_jwks(doc)?), None),
            KeySource::JwksUrl { url, document, refresh } => {
                (None, Some(parse_jwks(document)?), Some((url.clone(), *refresh)))
            }
        };
        Ok(Verifier {
            secret,
            jwks: RwLock::new(jwks),
            // The start-up read does not count: a token naming a new key right after
            // start may cause one read at once.
            last_fetch: Mutex::new(None),
            url,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            leeway: settings.leeway_secs,
            verified: Mutex::new(HashMap::new()),
        })
    }

    pub fn verify(&self, token: &str) -> Result<Arc<Verified>, VerifyError> {
        if let Some(known) = self.remembered(token) {
            return Ok(known);
        }
        let verified = Arc::new(Verified::new(self.check(token)?, token));
        if let Ok(mut remembered) = self.verified.lock() {
            if remembered.len() >= REMEMBERED_TOKENS {
                remembered.clear();
            }
            remembered.insert(token.to_string(), verified.clone());
        }
        Ok(verified)
    }

    /// Puts a newly read key set in place; true if it differs from the one in use
    /// (then every remembered token is checked again against the new keys).
    pub fn replace_keys(&self, document: &str) -> Result<bool, String> {
        let set = parse_jwks(document)?;
        let mut jwks = self.jwks.write().map_err(|_| "key set lock poisoned")?;
        let changed = jwks.as_ref().is_none_or(|old| old.keys != set.keys);
        if changed {
            *jwks = Some(set);
            if let Ok(mut verified) = self.verified.lock() {
                verified.clear();
            }
        }
        Ok(changed)
    }

    /// The claims of `token` if it was verified before and has not expired since;
    /// an expired one is forgotten and goes through `check` again (which refuses it
    /// with the usual reason).
    fn remembered(&self, token: &str) -> Option<Arc<Verified>> {
        let mut verified = self.verified.lock().ok()?;
        let known = verified.get(token)?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        if known.exp.saturating_add(self.leeway) > now {
            return Some(known.clone());
        }
        verified.remove(token);
        None
    }

    fn check(&self, token: &str) -> Result<Claims, VerifyError> {
        let header = decode_header(token).map_err(|_| VerifyError::Malformed)?;
        let key = match (header.alg, &self.secret) {
            (Algorithm::HS256, Some(secret)) => secret.clone(),
            (Algorithm::RS256 | Algorithm::ES256, _) => {
                let jwks = self.jwks.read().map_err(|_| VerifyError::UnknownKey)?;
                let set = jwks.as_ref().ok_or(VerifyError::UnsupportedAlgorithm)?;
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
        validation.validate_nbf = true;
        validation.leeway = self.leeway;
        decode::<Claims>(token, &key, &validation).map(|data| data.claims).map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature => VerifyError::Expired,
            ErrorKind::ImmatureSignature => VerifyError::NotYetValid,
            _ => VerifyError::Invalid(e.to_string()),
        })
    }
}

fn parse_jwks(document: &str) -> Result<JwkSet, String> {
    let set: JwkSet = serde_json::from_str(document).map_err(|e| format!("invalid JWKS: {e}"))?;
    if set.keys.is_empty() {
        return Err("the JWKS has no keys".into());
    }
    Ok(set)
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
            tenant_roles: &Default::default(),
            organisation: None,
            ttl_secs,
        })
        .unwrap()
    }

    #[test]
    fn a_remembered_token_still_expires_and_says_so_by_its_kind() {
        let v = verifier();
        let t = token(1);
        assert_eq!(v.verify(&t).unwrap().subject, "alice");
        assert_eq!(v.verify(&t).unwrap().subject, "alice", "the second use answers from memory");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        assert_eq!(v.verify(&t).unwrap_err(), VerifyError::Expired);
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

    #[test]
    fn a_token_not_valid_yet_is_refused_beyond_the_leeway() {
        use jsonwebtoken::{encode, EncodingKey, Header};
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let claims = serde_json::json!({"sub": "a", "iss": "iss", "aud": "aud", "exp": now + 600, "nbf": now + 300});
        let t = encode(&Header::default(), &claims, &EncodingKey::from_secret(SECRET.as_bytes())).unwrap();
        assert_eq!(verifier().verify(&t).unwrap_err(), VerifyError::NotYetValid);
        let lenient = Verifier::new(&JwtSettings {
            keys: KeySource::Secret(SECRET.into()),
            issuer: "iss".into(),
            audience: "aud".into(),
            leeway_secs: 600,
        })
        .unwrap();
        assert!(lenient.verify(&t).is_ok(), "within the configured leeway");
    }
}
