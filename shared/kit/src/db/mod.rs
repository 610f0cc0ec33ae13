//! One database code path for PostgreSQL and SQLite.
//!
//! Queries are written once against `AnyConnection` (diesel's `MultiConnection`);
//! the few things that differ between the two engines live in this module only:
//! how a connection is opened (`connect.rs`), how migrations and grants run
//! (`migrate.rs`), and how the tenant is set for row-level security (below).

mod connect;
mod migrate;

pub use connect::Connector;
pub use migrate::{migrate, Migrations};

use crate::error::ApiError;
use actix_web::web;
use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
use diesel::r2d2::Pool;
use diesel::RunQueryDsl;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// The service's connection pool. Every access to tenant data goes through
/// [`Db::in_tenant`], which opens a transaction bound to that tenant.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Connector>,
}

impl Db {
    pub fn open(url: &str, max_connections: u32) -> Result<Db, String> {
        // Keep two connections warm, open more on demand: idle memory and start-up
        // time stay small (r2d2's default opens `max_size` connections at start).
        let pool = Pool::builder()
            .max_size(max_connections)
            .min_idle(Some(max_connections.min(2)))
            .connection_timeout(std::time::Duration::from_secs(5))
            .build(Connector::new(url))
            .map_err(|e| format!("cannot open the database: {e}"))?;
        Ok(Db { pool })
    }

    /// Runs `work` in one transaction in which only `tenant`'s rows are visible on
    /// PostgreSQL (row-level security reads `app.tenant_id`, set with
    /// `set_config(..., true)` so it ends with the transaction). Queries still filter
    /// on the tenant themselves: RLS is the second wall, not the first.
    pub async fn in_tenant<T, F>(&self, tenant: &str, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let tenant = tenant.to_owned();
        self.run(move |conn| {
            begin_in_tenant(conn, &tenant)?;
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
        .await
    }

    /// Runs `work` on a pooled connection on the blocking thread pool.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            let result = work(&mut conn);
            if result.as_ref().is_err_and(|e| e.code.status().is_server_error()) {
                // After a server-side failure (e.g. the database restarted) the
                // connection is not trusted again: the pool drops it on return.
                Manager::transaction_manager_status_mut(&mut conn).set_in_error();
            }
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Readiness: a connection can be had and answers.
    pub async fn ping(&self) -> Result<(), ApiError> {
        self.run(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
    }
}

type Manager = <AnyConnection as Connection>::TransactionManager;

/// Opens the request's transaction. On PostgreSQL, `BEGIN` and the tenant setting
/// go in one round trip (a simple-query batch) rather than two: the tenant id is
/// one of the configured ids, checked to be `[a-z0-9-]` before it is inlined. The
/// alternative, a bound parameter, costs a round trip of its own per request.
/// diesel's transaction manager records the transaction, so commit, rollback and
/// the pool's broken-connection check work as with `conn.transaction`.
fn begin_in_tenant(conn: &mut AnyConnection, tenant: &str) -> Result<(), ApiError> {
    if tenant.is_empty() || !tenant.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(ApiError::internal(format!("refusing tenant id {tenant:?}")));
    }
    match conn {
        AnyConnection::Postgresql(pg) => AnsiTransactionManager::begin_transaction_sql(
            pg,
            &format!("BEGIN; SELECT set_config('app.tenant_id', '{tenant}', true)"),
        )?,
        AnyConnection::Sqlite(_) => Manager::begin_transaction(conn)?,
    }
    Ok(())
}
