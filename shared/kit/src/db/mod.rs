//! One database code path for PostgreSQL and SQLite.
//!
//! Queries are written once; the few things that differ between the two engines
//! live in this module only: how a connection is opened and bound to a tenant for
//! row-level security (`connect.rs`), how a write transaction begins and how a row
//! is locked (`write.rs`), how migrations and grants run (`migrate.rs`), which pool
//! serves which tenant (below), and which database errors are worth a retry
//! (`failure.rs`, from diesel's error kinds).
//!
//! **The one rule for queries**: every query in a service's `store` modules (and
//! the kit's own) runs on the engine's own connection, through [`on_engine!`]:
//! `on_engine!(conn, |c| table.filter(...).load::<Row>(c))`. The query is written
//! once and compiled once per engine. Why: diesel's `MultiConnection` writes a
//! query's SQL text anew on every execution (its wrapper builds the SQL while it
//! collects the binds); for a read by id that was a third of the service's
//! instructions (callgrind), while on the engine's own connection a query of fixed
//! shape is prepared once and found again by its type. A rule with no exception is
//! easier to keep than a list of hot paths. (A macro, because a closure cannot be
//! generic over the connection type.)
//!
//! Handlers reach the database through [`Db::read`] (a tenant's data, no
//! transaction), [`Db::write`] (one transaction, as the acting caller) and
//! [`Db::run`] (work outside any tenant); each hands the closure the tenant (or the
//! [`Actor`]) once, so queries start from it.

mod connect;
mod failure;
mod lane;
mod migrate;
mod write;

pub use connect::{Backend, Connector};
pub use migrate::{check_role, migrate, Migrations, KIT_MIGRATIONS};
pub use write::lock_row;

use crate::auth::{Actor, TenantScope};
use crate::error::{ApiError, Code};
use diesel::r2d2::Pool;
use diesel::RunQueryDsl;
use lane::{with_retry, Lane};
use scheduled_thread_pool::ScheduledThreadPool;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs a query on the connection's own engine (see the module's rule).
#[macro_export]
macro_rules! on_engine {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql($c) => $body,
            $crate::db::AnyConnection::Sqlite($c) => $body,
        }
    };
}

/// How long a write waits for SQLite's one writer before answering 503.
const SQLITE_WRITE_WAIT: Duration = Duration::from_secs(10);

/// The service's connections. On PostgreSQL each tenant has its own pool whose
/// connections are bound to that tenant when they are opened (see
/// [`Connector::for_tenant`]); a further pool, bound to no tenant, serves work
/// outside any tenant (readiness, public certificate checks) and sees no tenant
/// rows. SQLite has no row-level security: one pool serves everyone, and its
/// writes go one at a time (`writer`).
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
    backend: Backend,
    /// SQLite: one write transaction at a time, taken in the order asked (see write.rs).
    writer: Option<Arc<Semaphore>>,
}

impl Db {
    pub fn open<'a>(url: &str, max_connections: u32, tenants: impl IntoIterator<Item = &'a str>) -> Result<Db, String> {
        let backend = Backend::of_url(url)?;
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
                .connection_timeout(Duration::from_secs(5))
                .thread_pool(threads.clone())
        };
        let postgres = backend == Backend::Postgres;
        // On SQLite the shared pool serves every tenant; on PostgreSQL only the little
        // work outside any tenant.
        let shared_size = if postgres { max_connections.clamp(1, 2) } else { max_connections.max(1) };
        let shared =
            builder(shared_size).build(Connector::new(url)?).map_err(|e| format!("cannot open the database: {e}"))?;
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
        let writer = (!postgres).then(|| Arc::new(Semaphore::new(1)));
        Ok(Db { tenants: Arc::new(pools), shared, backend, writer })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn lane(&self, tenant: &str) -> Result<&Lane, ApiError> {
        if self.tenants.is_empty() {
            return Ok(&self.shared); // SQLite
        }
        self.tenants.get(tenant).ok_or_else(|| ApiError::internal(format!("no pool for tenant {tenant:?}")))
    }

    /// Reads the scope's tenant's data: `work` runs on one of the tenant's
    /// connections, without a transaction (under PostgreSQL's default READ
    /// COMMITTED each statement has its own snapshot either way), and is given the
    /// tenant to start its queries from: row-level security is the second wall,
    /// not the first.
    pub async fn read<T, F>(&self, scope: &TenantScope, work: F) -> Result<T, ApiError>
    where
        F: Fn(&mut AnyConnection, &str) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.read_in(scope.id(), work).await
    }

    /// As [`Db::read`], for a tenant known otherwise than from a caller's scope
    /// (a public lookup that found it, or the kit's own bookkeeping).
    pub async fn read_in<T, F>(&self, tenant: &str, work: F) -> Result<T, ApiError>
    where
        F: Fn(&mut AnyConnection, &str) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let id = tenant.to_string();
        self.lane(tenant)?.block(move |pool| with_retry(pool, |conn, _| work(conn, &id))).await
    }

    /// Changes the scope's tenant's data: `work` runs in one transaction, as the
    /// scope's caller, committed if it returns `Ok`, rolled back otherwise.
    pub async fn write<T, F>(&self, scope: &TenantScope, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection, &Actor) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.write_as(scope.actor(), work).await
    }

    /// As [`Db::write`], for an actor known otherwise (the kit's own bookkeeping).
    pub async fn write_as<T, F>(&self, actor: Actor, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection, &Actor) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let lane = self.lane(&actor.tenant)?;
        let _turn = match &self.writer {
            Some(writer) => Some(
                tokio::time::timeout(SQLITE_WRITE_WAIT, writer.clone().acquire_owned())
                    .await
                    .map_err(|_| ApiError::retry_later(Code::DATABASE_BUSY, 1))?
                    .map_err(ApiError::internal)?,
            ),
            None => None,
        };
        lane.block(move |pool| write::in_transaction(pool, move |conn| work(conn, &actor))).await
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
