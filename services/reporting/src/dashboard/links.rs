//! Short-lived signed links to the dashboard, for a person who has no way to send
//! a bearer token from a browser: the API issues `…/dashboard/view?…&sig=…` to a
//! caller who may read what it shows, and the link opens the page, without a
//! token, until it expires (15 minutes).
//!
//! The signature is HMAC-SHA-256 over what the link shows (the scope, the period)
//! and its expiry, with `MODAL_REPORTING_LINK_SECRET`; without one, a key drawn at
//! start, so links then open only on the replica that issued them (fine for one
//! process; a deployment with replicas sets the secret). A link grants reading
//! one page, never the API.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::{IntoParams, ToSchema};

pub const LIFETIME_SECS: i64 = 15 * 60;

/// The page a link opens: a tenant's (`diadem`) or the programme's (`programme`).
pub const PROGRAMME: &str = "programme";

pub struct LinkKey(Vec<u8>);

impl LinkKey {
    pub fn from_env() -> LinkKey {
        let configured = modal_kit::config::env_or("MODAL_REPORTING_LINK_SECRET", "");
        if configured.is_empty() {
            LinkKey(format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()).into_bytes())
        } else {
            LinkKey(configured.into_bytes())
        }
    }

    fn mac(&self, scope: &str, period: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("{scope}\n{period}\n{expires}").as_bytes());
        mac
    }

    pub fn sign(&self, scope: &str, period: &str, expires: i64) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(scope, period, expires).finalize().into_bytes())
    }

    /// Whether `link` was issued by us and is still valid at `now` (seconds).
    pub fn verify(&self, link: &LinkQuery, now: i64) -> bool {
        let Ok(sig) = URL_SAFE_NO_PAD.decode(&link.sig) else { return false };
        now <= link.expires
            && link.expires - now <= LIFETIME_SECS
            && self.mac(&link.scope, &link.period, link.expires).verify_slice(&sig).is_ok()
    }
}

/// What a signed link carries.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LinkQuery {
    /// A tenant id, or `programme`.
    pub scope: String,
    /// A year (`2021`) or a quarter (`2021-Q3`).
    pub period: String,
    /// Until when the link opens (Unix seconds).
    pub expires: i64,
    pub sig: String,
    /// `en` for English (French otherwise).
    pub lang: Option<String>,
}

/// A link the API issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedLink {
    pub url: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(key: &LinkKey, scope: &str, expires: i64) -> LinkQuery {
        LinkQuery {
            scope: scope.into(),
            period: "2021".into(),
            expires,
            sig: key.sign(scope, "2021", expires),
            lang: None,
        }
    }

    #[test]
    fn a_link_opens_until_it_expires_and_only_for_what_it_was_signed_for() {
        let key = LinkKey(b"k".to_vec());
        let good = link(&key, "diadem", 1_000);
        assert!(key.verify(&good, 999));
        assert!(!key.verify(&good, 1_001));
        let forged = LinkQuery { scope: "fecong".into(), ..good };
        assert!(!key.verify(&forged, 999));
        let other_key = LinkKey(b"other".to_vec());
        assert!(!other_key.verify(&link(&key, "diadem", 1_000), 999));
    }

    #[test]
    fn a_link_cannot_be_made_to_last_longer_than_its_lifetime() {
        let key = LinkKey(b"k".to_vec());
        assert!(!key.verify(&link(&key, "diadem", 10_000), 0));
    }
}
