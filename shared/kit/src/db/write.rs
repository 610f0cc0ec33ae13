//! Write transactions, and the one way a rule that counts before it writes (seats
//! of a training, a call's envelope, a grant's remainder) holds under concurrent
//! requests: [`lock_row`] on the parent row, first thing in the transaction.
//!
//! - PostgreSQL: `SELECT … FOR UPDATE` on the parent; a second transaction counting
//!   for the same parent waits until the first commits, then counts again.
//!   (The alternative, SERIALIZABLE with a retry loop, would retry whole
//!   transactions, peer calls included, and needs every rule written to be retried.)
//! - SQLite: a write transaction takes the database's write lock when it begins
//!   (`BEGIN IMMEDIATE`) and the service lets one write transaction run at a time
//!   (`Db::write`): a deferred transaction that reads and then writes fails at once
//!   with "database is locked" when another one got there first. Writes are
//!   serialised anyway, so locking a row only checks that it exists.

use super::lane::with_retry;
use super::pool::Pool;
use super::AnyConnection;
use crate::error::ApiError;
use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
use diesel::sql_types::Text;
use diesel::RunQueryDsl;

type Manager = <AnyConnection as Connection>::TransactionManager;

/// Runs `work` in one transaction, committed if it returns `Ok`. Only a failed
/// BEGIN is tried again: once `work` has run, a lost connection leaves the outcome
/// unknown, and the caller gets the 503.
pub(super) fn in_transaction<T>(
    pool: &Pool,
    tenant: Option<&str>,
    work: impl FnOnce(&mut AnyConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut work = Some(work);
    with_retry(pool, tenant, |conn, retryable| {
        match conn {
            AnyConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
            AnyConnection::Postgresql(_) => Manager::begin_transaction(conn)?,
        }
        *retryable = false;
        let work = work.take().ok_or_else(|| ApiError::internal("transaction tried twice"))?;
        match work(conn) {
            Ok(value) => {
                Manager::commit_transaction(conn)?;
                Ok(value)
            }
            Err(e) => {
                // A failed rollback leaves the connection marked broken; the pool drops it.
                let _ = Manager::rollback_transaction(conn);
                Err(e)
            }
        }
    })
}

#[derive(diesel::QueryableByName)]
struct Found {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    #[allow(dead_code)]
    one: i32,
}

/// Locks the row `id` of `tenant` in `table` until the transaction ends; false if
/// there is no such row. `table` is a name written in the service's code, never
/// one taken from a request.
pub fn lock_row(conn: &mut AnyConnection, table: &'static str, tenant: &str, id: &str) -> Result<bool, ApiError> {
    debug_assert!(table.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "a table name: {table}");
    let found: Vec<Found> = match conn {
        AnyConnection::Postgresql(c) => {
            diesel::sql_query(format!("SELECT 1 AS one FROM {table} WHERE tenant_id = $1 AND id = $2 FOR UPDATE"))
                .bind::<Text, _>(tenant)
                .bind::<Text, _>(id)
                .load(c)?
        }
        AnyConnection::Sqlite(c) => {
            diesel::sql_query(format!("SELECT 1 AS one FROM {table} WHERE tenant_id = ? AND id = ?"))
                .bind::<Text, _>(tenant)
                .bind::<Text, _>(id)
                .load(c)?
        }
    };
    Ok(!found.is_empty())
}
