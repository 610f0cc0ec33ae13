//! One database code path for PostgreSQL and SQLite.
//!
//! Queries are written once; the few things that differ between the two engines
//! live in this module only: how a connection is opened and bound to a tenant for
//! row-level security (`connect.rs`, `pool.rs`), how a write transaction begins and how a row
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
mod pool;
mod write;

pub use connect::{Backend, Connector};
pub use migrate::{check_role, migrate, Migrations, KIT_MIGRATIONS};
pub use write::lock_row;

use crate::auth::{Actor, TenantScope};
use crate::error::{ApiError, Code};
use diesel::RunQueryDsl;
use lane::{with_retry, Lane};
use pool::Pool;
use std::collections::HashSet;
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

/// The service's connections: one pool of at most `max_connections`, each
/// connection set to the tenant it last served (`pool.rs`: a request takes one
/// already set to its tenant when it can). On PostgreSQL the setting is what the
/// row-level security policies read; work outside any tenant (readiness, public
/// certificate checks) runs on a connection set to none, which sees no tenant
/// rows. SQLite has no row-level security, and its writes go one at a time
/// (`writer`).
///
/// Why one pool rather than a pool per tenant bound for the connection's life
/// (the first design): connections then grew with tenants × replicas past
/// PostgreSQL's `max_connections` (docs/scaling.md). Why not the tenant set at the
/// start of each transaction (the design before that): BEGIN, the setting, the
/// query and COMMIT made a read four round trips, and the service reached a third
/// of PostgreSQL's speed on a list.
#[derive(Clone)]
pub struct Db {
    lane: Lane,
    /// On PostgreSQL, the configured tenants: a connection is set to no other.
    tenants: Arc<HashSet<String>>,
    backend: Backend,
    /// SQLite: one write transaction at a time, taken in the order asked (see write.rs).
    writer: Option<Arc<Semaphore>>,
}

impl Db {
    pub fn open<'a>(url: &str, max_connections: u32, tenants: impl IntoIterator<Item = &'a str>) -> Result<Db, String> {
        let backend = Backend::of_url(url)?;
        let postgres = backend == Backend::Postgres;
        let mut known = HashSet::new();
        if postgres {
            for id in tenants {
                if !crate::tenants::is_valid_id(id) {
                    return Err(format!("refusing tenant id {id:?}: only a-z, 0-9 and '-' are allowed"));
                }
                known.insert(id.to_string());
            }
        }
        let pool = Pool::new(Connector::new(url)?, max_connections.max(1) as usize);
        pool.warm().map_err(|e| format!("cannot open the database: {e}"))?;
        let writer = (!postgres).then(|| Arc::new(Semaphore::new(1)));
        Ok(Db { lane: Lane::new(pool), tenants: Arc::new(known), backend, writer })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that `tenant` is one a connection may be set to (PostgreSQL).
    fn known(&self, tenant: &str) -> Result<(), ApiError> {
        if self.backend == Backend::Postgres && !self.tenants.contains(tenant) {
            return Err(ApiError::internal(format!("no connections for tenant {tenant:?}")));
        }
        Ok(())
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
        self.known(tenant)?;
        let id = tenant.to_string();
        self.lane.block(move |pool| with_retry(pool, Some(&id), |conn, _| work(conn, &id))).await
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
        self.known(&actor.tenant)?;
        let _turn = match &self.writer {
            Some(writer) => Some(
                tokio::time::timeout(SQLITE_WRITE_WAIT, writer.clone().acquire_owned())
                    .await
                    .map_err(|_| ApiError::retry_later(Code::DATABASE_BUSY, 1))?
                    .map_err(ApiError::internal)?,
            ),
            None => None,
        };
        self.lane
            .block(move |pool| {
                let tenant = actor.tenant.clone();
                write::in_transaction(pool, Some(&tenant), move |conn| work(conn, &actor))
            })
            .await
    }

    /// Runs `work` on a connection set to no tenant (on PostgreSQL it sees no
    /// tenant rows), for work that belongs to no tenant.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: Fn(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.lane.block(move |pool| with_retry(pool, None, |conn, _| work(conn))).await
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
