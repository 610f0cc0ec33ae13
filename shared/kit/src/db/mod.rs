//! One database code path for PostgreSQL and SQLite.
//!
//! Queries are written once against `AnyConnection` (diesel's `MultiConnection`);
//! the few things that differ between the two engines live in this module only:
//! how a connection is opened and bound to a tenant for row-level security
//! (`connect.rs`), how migrations and grants run (`migrate.rs`), and which pool
//! serves which tenant (below).

mod connect;
mod lane;
mod migrate;

pub use connect::Connector;
pub use migrate::{migrate, Migrations};

use lane::{with_retry, Lane};

use crate::error::ApiError;
use diesel::connection::{Connection, TransactionManager};
use diesel::r2d2::Pool;
use diesel::RunQueryDsl;
use scheduled_thread_pool::ScheduledThreadPool;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs a query on the connection's own engine instead of through `AnyConnection`:
/// `on_engine!(conn, |c| table.filter(...).load::<Row>(c))`. The query is written
/// once and compiled once per engine.
///
/// Why: diesel's `MultiConnection` writes a query's SQL text anew on every
/// execution (its wrapper builds the SQL while it collects the binds), and a boxed
/// query's text twice. For a read by id that was about a third of the service's
/// instructions (callgrind); on the engine's own connection a query of fixed shape
/// is prepared once and found again by its type. Used for the reads behind every
/// page; the rest stays on `AnyConnection`, where it does not show. A macro because
/// a closure cannot be generic over the connection type.
#[macro_export]
macro_rules! on_engine {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql($c) => $body,
            $crate::db::AnyConnection::Sqlite($c) => $body,
        }
    };
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

/// The service's connections. On PostgreSQL each tenant has its own pool whose
/// connections are bound to that tenant when they are opened (see
/// [`Connector::for_tenant`]); a further pool, bound to no tenant, serves work
/// outside any tenant (readiness, public certificate checks) and sees no tenant
/// rows. SQLite has no row-level security: one pool serves everyone.
///
/// Why a pool per tenant rather than `set_config(..., true)` at the start of each
/// transaction (the first design): that setting cost a round trip of its own, and
/// a read then needed BEGIN, the query and COMMIT; measured, the service reached a
/// third of PostgreSQL's speed on a list. Bound connections make a read one round
/// trip, and a connection can never carry another tenant's setting. The price is
/// more connections: `max_connections` is divided among the tenants.
#[derive(Clone)]
pub struct Db {
    tenants: Arc<HashMap<String, Lane>>,
    shared: Lane,
}

impl Db {
    pub fn open<'a>(url: &str, max_connections: u32, tenants: impl IntoIterator<Item = &'a str>) -> Result<Db, String> {
        // One set of helper threads for all the pools (r2d2 starts three per pool).
        let threads = Arc::new(ScheduledThreadPool::builder().num_threads(2).thread_name_pattern("db-pool-{}").build());
        let builder = |max: u32| {
            Pool::builder()
                .max_size(max)
                // One connection kept warm per pool; more are opened on demand and
                // closed again after r2d2's idle timeout.
                .min_idle(Some(1))
                // No `SELECT 1` before every use: a connection found dead is dropped
                // and the work tried again on another one (`with_retry`).
                .test_on_check_out(false)
                .connection_timeout(std::time::Duration::from_secs(5))
                .thread_pool(threads.clone())
        };
        let postgres = Backend::of_url(url) == Backend::Postgres;
        // On SQLite the shared pool serves every tenant; on PostgreSQL only the little
        // work outside any tenant.
        let shared_size = if postgres { max_connections.clamp(1, 2) } else { max_connections.max(1) };
        let shared =
            builder(shared_size).build(Connector::new(url)).map_err(|e| format!("cannot open the database: {e}"))?;
        let shared = Lane::new(shared);
        let mut pools = HashMap::new();
        if postgres {
            let ids: Vec<&str> = tenants.into_iter().collect();
            let per_tenant = (max_connections / ids.len().max(1) as u32).max(2);
            for id in ids {
                let pool = builder(per_tenant).build_unchecked(Connector::for_tenant(url, id)?);
                pools.insert(id.to_string(), Lane::new(pool));
            }
        }
        Ok(Db { tenants: Arc::new(pools), shared })
    }

    fn lane(&self, tenant: &str) -> Result<&Lane, ApiError> {
        if self.tenants.is_empty() {
            return Ok(&self.shared); // SQLite
        }
        self.tenants.get(tenant).ok_or_else(|| ApiError::internal(format!("no pool for tenant {tenant:?}")))
    }

    /// Reads `tenant`'s data: `work` runs on one of the tenant's connections,
    /// without a transaction (under PostgreSQL's default READ COMMITTED each
    /// statement has its own snapshot either way). Queries still filter on the
    /// tenant themselves: row-level security is the second wall, not the first.
    pub async fn read<T, F>(&self, tenant: &str, work: F) -> Result<T, ApiError>
    where
        F: Fn(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.lane(tenant)?.block(move |pool| with_retry(pool, |conn, _| work(conn))).await
    }

    /// Changes `tenant`'s data: `work` runs in one transaction on one of the
    /// tenant's connections, committed if it returns `Ok`, rolled back otherwise.
    pub async fn in_tenant<T, F>(&self, tenant: &str, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.lane(tenant)?
            .block(move |pool| {
                let mut work = Some(work);
                with_retry(pool, |conn, retryable| {
                    // Only a failed BEGIN is tried again: once `work` has run, a lost
                    // connection leaves the outcome unknown, and the caller gets the 503.
                    Manager::begin_transaction(conn)?;
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
            })
            .await
    }

    /// Runs `work` on a connection bound to no tenant (on PostgreSQL it sees no
    /// tenant rows), for work that belongs to no tenant.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: Fn(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.shared.block(move |pool| with_retry(pool, |conn, _| work(conn))).await
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

pub(crate) type Manager = <AnyConnection as Connection>::TransactionManager;
