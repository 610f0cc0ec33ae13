//! A fixed-window rate limiter kept in memory, per key (a client address, a
//! tenant): past `max` requests in a window the caller gets 429 with `Retry-After`.
//!
//! In memory means per replica: with N replicas a client may get up to N × max.
//! That bounds abuse of public routes well enough here; a shared limit would need a
//! shared store (e.g. Redis), which we do not want on the embedded default.
//!
//! Memory is bounded: at most `buckets` keys are remembered, spread over shards
//! that each evict their least recently seen key when full, so a flood of new
//! addresses costs a fixed amount of memory and no request ever scans the table.
//! Each request locks one shard for a hash lookup.

use crate::error::{ApiError, Code};
use lru::LruCache;
use std::hash::{BuildHasher, RandomState};
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const SHARDS: usize = 16;
/// Keys remembered by default (16 shards of 4,096): about 5 MiB at most.
pub const DEFAULT_BUCKETS: usize = 65_536;

pub struct RateLimiter {
    max: u32,
    window: Duration,
    hasher: RandomState,
    shards: Vec<Mutex<LruCache<String, (Instant, u32)>>>,
}

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> RateLimiter {
        RateLimiter::with_buckets(max, window, DEFAULT_BUCKETS)
    }

    /// As [`RateLimiter::new`], remembering at most `buckets` keys (rounded up to
    /// a multiple of the shard count).
    pub fn with_buckets(max: u32, window: Duration, buckets: usize) -> RateLimiter {
        let per_shard = NonZeroUsize::new(buckets.div_ceil(SHARDS).max(1)).expect("non-zero");
        RateLimiter {
            max,
            window,
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::new(LruCache::new(per_shard))).collect(),
        }
    }

    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let shard = &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS];
        let mut buckets = shard.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !buckets.contains(key) {
            buckets.put(key.to_string(), (now, 0));
        }
        let Some(entry) = buckets.get_mut(key) else { return Ok(()) };
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 <= self.max {
            return Ok(());
        }
        let retry = self.window.saturating_sub(now.duration_since(entry.0)).as_secs().max(1);
        Err(ApiError::retry_later(Code::RATE_LIMITED, retry))
    }

    /// How many keys are remembered now.
    pub fn remembered(&self) -> usize {
        self.shards.iter().map(|s| s.lock().map_or(0, |b| b.len())).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::RETRY_AFTER;

    #[test]
    fn the_limit_applies_per_key_and_says_when_to_retry() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        let refused = limiter.check("a").unwrap_err();
        assert_eq!(refused.code, Code::RATE_LIMITED);
        assert!(refused.headers.iter().any(|(n, _)| n == RETRY_AFTER));
        assert!(limiter.check("b").is_ok());
    }

    #[test]
    fn a_flood_of_new_keys_is_held_in_a_fixed_number_of_buckets() {
        let limiter = RateLimiter::with_buckets(5, Duration::from_secs(60), 1024);
        for i in 0..100_000 {
            limiter.check(&format!("10.0.{}.{}", i / 256, i % 256)).unwrap();
        }
        assert!(limiter.remembered() <= 1024, "{} keys remembered", limiter.remembered());
    }
}
