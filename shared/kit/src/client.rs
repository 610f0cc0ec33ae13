//! The base of every service-to-service client: bounded time, retries only for
//! idempotent reads, the caller's token forwarded, W3C trace context injected, and a
//! peer's failure turned into a clear problem (503 unreachable, 504 too slow, 502
//! nonsense) — never a hang.

use crate::error::{ApiError, Code};
use reqwest::StatusCode;
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use reqwest_tracing::TracingMiddleware;
use serde::de::DeserializeOwned;
use std::sync::OnceLock;
use std::time::Duration;

#[derive(Clone)]
pub struct PeerClient {
    name: &'static str,
    base_url: String,
    timeout: Duration,
    read_retries: u32,
}

/// One HTTP client for every peer of the process, built on first use (or by
/// [`warm_up`]). Building a client loads the system's CA certificates through
/// OpenSSL: about 60 ms and a few MiB each, so one client per peer made start
/// grow with the number of peers, and building it eagerly made `/readyz` wait for
/// it. Timeouts are the peer's, set per request.
fn shared_http() -> &'static ClientWithMiddleware {
    static HTTP: OnceLock<ClientWithMiddleware> = OnceLock::new();
    HTTP.get_or_init(|| {
        let http =
            reqwest::Client::builder().connect_timeout(Duration::from_secs(2)).build().expect("HTTP client builds");
        ClientBuilder::new(http).with(TracingMiddleware::default()).build()
    })
}

/// Builds the shared client off the request path; a service with peers calls it
/// once at start, without waiting for it.
pub fn warm_up() {
    shared_http();
}

impl PeerClient {
    /// `name` appears in problems (`registry`), `base_url` has no trailing slash.
    pub fn new(name: &'static str, base_url: &str, timeout: Duration) -> PeerClient {
        PeerClient { name, base_url: base_url.trim_end_matches('/').to_string(), timeout, read_retries: 2 }
    }

    /// GET `path` as the caller: `Ok(None)` when the peer answers 404.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str, bearer: &str) -> Result<Option<T>, ApiError> {
        let url = format!("{}{path}", self.base_url);
        let mut attempt = 0;
        loop {
            let sent = shared_http().get(&url).timeout(self.timeout).bearer_auth(bearer).send().await;
            let retryable = match &sent {
                Err(e) => e.is_connect(),
                Ok(res) => matches!(res.status(), StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE),
            };
            if retryable && attempt < self.read_retries {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt))).await;
                continue;
            }
            let res = sent.map_err(|e| self.transport_error(e))?;
            return match res.status() {
                s if s.is_success() => {
                    res.json::<T>().await.map(Some).map_err(|e| self.upstream(Code::UPSTREAM_ERROR, e))
                }
                StatusCode::NOT_FOUND => Ok(None),
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(ApiError::forbidden()),
                s => Err(self.upstream(Code::UPSTREAM_ERROR, format!("HTTP {s}"))),
            };
        }
    }

    fn transport_error(&self, e: reqwest_middleware::Error) -> ApiError {
        match &e {
            reqwest_middleware::Error::Reqwest(r) if r.is_timeout() => self.upstream(Code::UPSTREAM_TIMEOUT, e),
            reqwest_middleware::Error::Reqwest(r) if r.is_connect() => self.upstream(Code::UPSTREAM_UNAVAILABLE, e),
            _ => self.upstream(Code::UPSTREAM_UNAVAILABLE, e),
        }
    }

    fn upstream(&self, code: Code, cause: impl std::fmt::Display) -> ApiError {
        let name = self.name;
        ApiError::new(code)
            .with_detail(
                format!("Le service « {name} » n'a pas pu répondre ; rien n'a été enregistré."),
                format!("The '{name}' service could not answer; nothing was saved."),
            )
            .with_cause(format!("{name}: {cause}"))
    }
}
