//! A fixed-window rate limiter kept in memory, per key (e.g. a client address):
//! past `max` requests in a window the caller gets 429 with `Retry-After`.
//!
//! In memory means per replica: with N replicas a client may get up to N × max.
//! That bounds abuse of public routes well enough here; a shared limit would need a
//! shared store (e.g. Redis), which we do not want on the embedded default.

use crate::error::{ApiError, Code};
use actix_web::http::header::RETRY_AFTER;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    max: u32,
    window: Duration,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> RateLimiter {
        RateLimiter { max, window, windows: Mutex::new(HashMap::new()) }
    }

    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 <= self.max {
            return Ok(());
        }
        let retry = self.window.saturating_sub(now.duration_since(entry.0)).as_secs().max(1);
        Err(ApiError::new(Code::RateLimited)
            .with_detail(format!("Réessayez dans {retry} s."), format!("Retry in {retry} s."))
            .with_header(RETRY_AFTER, &retry.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_key_and_says_when_to_retry() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        let refused = limiter.check("a").unwrap_err();
        assert_eq!(refused.code, Code::RateLimited);
        assert!(refused.headers.iter().any(|(n, _)| n == RETRY_AFTER));
        assert!(limiter.check("b").is_ok());
    }
}
