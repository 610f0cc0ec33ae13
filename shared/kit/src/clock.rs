//! The one clock of a service: every timestamp it stores (row stamps, audit events,
//! idempotency keys) is taken here, in UTC, to the microsecond (what PostgreSQL's
//! `timestamp` keeps; SQLite stores the same text).

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// Now, in UTC, truncated to microseconds so that a value read back from either
/// engine equals the value written.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
