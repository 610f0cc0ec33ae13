//! Who sees which application: the tenant's staff all of them; an applicant only
//! its organisation's; a reviewer only those assigned to it, once it declared no
//! conflict of interest. Anything else is answered as not found.

use super::store;
use super::types::ApplicationRow;
use crate::reviews::store as reviews;
use modal_kit::auth::{Role, TenantScope};
use modal_kit::db::AnyConnection;
use modal_kit::ApiError;

/// Roles that read every application of the tenant.
pub const STAFF_READERS: &[Role] = &[Role::ProgrammeAdmin, Role::TenantAdmin, Role::Coordinator, Role::Viewer];

/// How a caller reads applications.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reader {
    Staff,
    /// An applicant, for its organisation.
    Applicant(String),
    /// A reviewer (the token's `sub`), for its assignments.
    Reviewer(String),
}

impl Reader {
    pub fn of(scope: &TenantScope) -> Reader {
        if scope.has_any(STAFF_READERS) {
            Reader::Staff
        } else if scope.has_any(&[Role::Reviewer]) {
            Reader::Reviewer(scope.subject().to_string())
        } else {
            Reader::Applicant(scope.applicant_for().unwrap_or("").to_string())
        }
    }

    /// The organisation whose applications alone this reader sees, if any.
    pub fn applicant(&self) -> Option<&str> {
        match self {
            Reader::Applicant(org) => Some(org),
            _ => None,
        }
    }
}

pub fn not_found() -> ApiError {
    ApiError::not_found("Candidature", "Application")
}

/// The application `id`, if `reader` may see it.
pub fn find(conn: &mut AnyConnection, tenant: &str, reader: &Reader, id: &str) -> Result<ApplicationRow, ApiError> {
    let row = store::find(conn, tenant, id)?.ok_or_else(not_found)?;
    let visible = match reader {
        Reader::Staff => true,
        Reader::Applicant(org) => row.applicant_id == *org,
        Reader::Reviewer(subject) => reviews::cleared(conn, tenant, id, subject)?,
    };
    if visible {
        Ok(row)
    } else {
        Err(not_found())
    }
}
