//! The columns every editable record has — its id, its tenant, its version, and who
//! created and last changed it, when — and the one way a record is replaced.
//!
//! A service's row type keeps these as plain columns (diesel maps a row to one
//! table); it is built from a [`Stamp`] and gives its stamp back, so that a new
//! record and the next version of one are stamped the same way everywhere.

use crate::audit;
use crate::auth::Actor;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::etag::{stale, IfMatch};
use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub tenant_id: String,
    pub id: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

impl Stamp {
    /// A new record of the actor's tenant: a fresh id (UUID v7, so ids sort by
    /// creation), version 1.
    pub fn new(actor: &Actor) -> Stamp {
        let now = crate::clock::now();
        Stamp {
            tenant_id: actor.tenant.clone(),
            id: uuid::Uuid::now_v7().to_string(),
            version: 1,
            created_at: now,
            created_by: actor.subject.clone(),
            updated_at: now,
            updated_by: actor.subject.clone(),
        }
    }

    /// The stamp of this record's next version, changed by `actor` now.
    pub fn next(&self, actor: &Actor) -> Stamp {
        Stamp {
            version: self.version + 1,
            updated_at: crate::clock::now(),
            updated_by: actor.subject.clone(),
            ..self.clone()
        }
    }
}

/// Gives a row type that has the seven stamp columns its `stamp()`:
/// `modal_kit::stamped!(OrganisationRow);` beside the row.
///
/// A macro because a function cannot read the fields of a type it does not know;
/// and the stamp cannot be a field of its own in the row, because diesel maps a
/// row struct to one table and the kit's `Stamp` cannot name the services' tables.
#[macro_export]
macro_rules! stamped {
    ($row:ty) => {
        impl $row {
            /// The row's stamp (`modal_kit::stamp`).
            pub fn stamp(&self) -> $crate::stamp::Stamp {
                $crate::stamp::Stamp {
                    tenant_id: self.tenant_id.clone(),
                    id: self.id.clone(),
                    version: self.version,
                    created_at: self.created_at,
                    created_by: self.created_by.clone(),
                    updated_at: self.updated_at,
                    updated_by: self.updated_by.clone(),
                }
            }
        }
    };
}

/// A record being replaced: its entity name and id for the audit trail, and its
/// answer before and after (the audit event holds the fields that differ).
pub struct Revision<'a, T> {
    pub action: &'a str,
    pub entity: &'a str,
    pub id: &'a str,
    pub version: i32,
    pub before: &'a T,
    pub after: &'a T,
}

/// Replaces a record: the caller's `If-Match` must name the stored version (412
/// otherwise, 428 without it); `write` stores the new version only where the
/// stored one is still `rev.version` and answers how many rows it changed (0: a
/// concurrent change won, 412); the audit trail records what changed.
pub fn replace<T: Serialize>(
    conn: &mut AnyConnection,
    actor: &Actor,
    if_match: IfMatch,
    rev: Revision<'_, T>,
    write: impl FnOnce(&mut AnyConnection) -> QueryResult<usize>,
) -> Result<(), ApiError> {
    if_match.check(rev.version)?;
    if write(conn)? != 1 {
        return Err(stale());
    }
    audit::record_change(conn, actor, rev.action, (rev.entity, rev.id), rev.before, rev.after)
}
