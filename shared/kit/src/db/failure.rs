//! What a database error means for the caller, and for the pool: the mapping from
//! diesel's errors to problems, and the one place that decides from an error's
//! kind whether a connection is dead (dropped, and the work tried elsewhere).
//!
//! The diesel error stays attached to the `ApiError` as its cause, so that the
//! pool can judge it by kind however many functions it went through.

use crate::error::{ApiError, Code};
use diesel::result::{DatabaseErrorKind as Kind, Error as DieselError};

impl From<DieselError> for ApiError {
    fn from(e: DieselError) -> ApiError {
        let error = match &e {
            DieselError::NotFound => ApiError::new(Code::NOT_FOUND),
            DieselError::DatabaseError(Kind::UniqueViolation, _) => ApiError::new(Code::CONFLICT)
                .with_detail("Cet enregistrement existe déjà.", "This record already exists."),
            DieselError::DatabaseError(Kind::SerializationFailure, _) => ApiError::new(Code::CONFLICT)
                .with_detail("Modification concurrente, réessayez.", "Concurrent change, please retry."),
            DieselError::DatabaseError(Kind::ClosedConnection, _) => ApiError::new(Code::DATABASE_UNAVAILABLE),
            _ if is_sqlite_busy(&e) => ApiError::retry_later(Code::DATABASE_BUSY, 1),
            _ => ApiError::new(Code::INTERNAL),
        };
        error.with_source(Box::new(e))
    }
}

/// Whether `e` says the connection it ran on is gone (the server restarted or
/// dropped it): such a connection is not used again, and work that had not
/// started yet may be tried on another.
pub(super) fn connection_lost(e: &ApiError) -> bool {
    matches!(
        e.cause_as::<DieselError>(),
        Some(DieselError::DatabaseError(Kind::ClosedConnection, _) | DieselError::BrokenTransactionManager)
    )
}

/// SQLite answers `SQLITE_BUSY` when the file stays locked past `busy_timeout`
/// (another process writing). diesel reports it as an error of unknown kind, so the
/// engine's fixed message for that code (`sqlite3_errstr(SQLITE_BUSY)`) is what
/// tells it apart; it becomes a 503 with `Retry-After`, never a 500.
fn is_sqlite_busy(e: &DieselError) -> bool {
    matches!(e, DieselError::DatabaseError(Kind::Unknown, info) if info.message() == "database is locked")
}
