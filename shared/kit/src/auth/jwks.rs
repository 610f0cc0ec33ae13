//! Reading an issuer's JWKS from its URL: at start, again when a token names a key
//! we do not know (an issuer rotating its keys), at most once a minute, and on a
//! period, so that a key the issuer withdrew stops being accepted without a restart.

use super::verify::{Verifier, MIN_REFRESH};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Fetches a JWKS document (plain `http` is fine in-cluster).
pub async fn fetch(url: &str) -> Result<String, String> {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().map_err(|e| e.to_string())?;
    let res = client.get(url).send().await.map_err(|e| format!("JWKS {url}: {e}"))?;
    if !res.status().is_success() {
        return Err(format!("JWKS {url}: HTTP {}", res.status()));
    }
    res.text().await.map_err(|e| format!("JWKS {url}: {e}"))
}

impl Verifier {
    /// Reads the JWKS again if it comes from a URL and was not read in the last
    /// minute; true when the keys changed.
    pub async fn refresh_if_due(&self) -> bool {
        let Some((url, _)) = &self.url else { return false };
        {
            let Ok(mut last) = self.last_fetch.lock() else { return false };
            if last.is_some_and(|at| at.elapsed() < MIN_REFRESH) {
                return false;
            }
            *last = Some(Instant::now());
        }
        self.refresh_from(url).await
    }

    async fn refresh_from(&self, url: &str) -> bool {
        match fetch(url).await.and_then(|doc| self.replace_keys(&doc)) {
            Ok(changed) => {
                if changed {
                    tracing::info!(jwks.url = %url, "the issuer's keys changed");
                }
                changed
            }
            Err(e) => {
                tracing::warn!(error = %e, "JWKS not refreshed; the keys in use stay");
                false
            }
        }
    }
}

/// Reads the JWKS again every period, for the life of the process (a no-op when
/// the keys do not come from a URL).
pub async fn refresh_periodically(verifier: Arc<Verifier>) {
    let Some((url, period)) = verifier.url.clone() else { return };
    loop {
        tokio::time::sleep(period).await;
        if let Ok(mut last) = verifier.last_fetch.lock() {
            *last = Some(Instant::now());
        }
        verifier.refresh_from(&url).await;
    }
}
