//! The service's connections: one pool for every tenant, each connection
//! remembering the tenant it is set to (`app.tenant_id`, which PostgreSQL's
//! row-level security policies read).
//!
//! A request for tenant `t` takes an idle connection already set to `t` if there
//! is one, else any idle one, which is set to `t` first (one round trip, only on a
//! switch), else a new one. So a replica holds at most `MODAL_DB_MAX_CONNECTIONS`
//! connections however many tenants it serves, and under steady load nearly every
//! request finds a connection already set (docs/scaling.md).
//!
//! Why not a pool per tenant, bound for the connection's life (the design until
//! 2026-12): it needed at least two connections per tenant and replica, so
//! replicas × tenants went past PostgreSQL's `max_connections` from about 8
//! tenants at full scale-out. Why not the setting per transaction: BEGIN, the
//! setting, the query and COMMIT made a read four round trips.

use super::connect::bind;
use super::{AnyConnection, Connector};
use crate::error::{ApiError, Code};
use diesel::r2d2::R2D2Connection;
use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

struct Idle {
    conn: AnyConnection,
    /// The tenant it is set to; `None`: none (it sees no tenant's rows).
    tenant: Option<String>,
}

/// Idle connections; how many may be out at once is the caller's to bound (the
/// lane's permits), so the pool never holds more than that many.
pub(super) struct Pool {
    connector: Connector,
    idle: Mutex<Vec<Idle>>,
    max: usize,
}

impl Pool {
    pub(super) fn new(connector: Connector, max: usize) -> Pool {
        Pool { connector, idle: Mutex::new(Vec::new()), max }
    }

    pub(super) fn max_size(&self) -> usize {
        self.max
    }

    /// Opens one connection now and keeps it (a database that cannot be reached
    /// is then known at start).
    pub(super) fn warm(&self) -> Result<(), String> {
        let conn = self.connector.establish().map_err(|e| e.to_string())?;
        self.put(Idle { conn, tenant: None });
        Ok(())
    }

    /// A connection set to `tenant` (`None`: to no tenant).
    pub(super) fn get(&self, tenant: Option<&str>) -> Result<Pooled<'_>, ApiError> {
        loop {
            let Some(idle) = self.take(tenant) else {
                // A new connection has no tenant set: it sees no tenant's rows.
                let mut conn = self.connector.establish().map_err(unavailable)?;
                if tenant.is_some() {
                    bind(&mut conn, tenant)?;
                }
                return Ok(Pooled { pool: self, conn: Some(conn), tenant: tenant.map(str::to_string) });
            };
            let Idle { mut conn, tenant: current } = idle;
            if current.as_deref() == tenant {
                return Ok(Pooled { pool: self, conn: Some(conn), tenant: current });
            }
            // A connection that cannot be switched (the server dropped it) is let go,
            // and the next one tried.
            if bind(&mut conn, tenant).is_ok() {
                return Ok(Pooled { pool: self, conn: Some(conn), tenant: tenant.map(str::to_string) });
            }
        }
    }

    /// The idle connection set to `tenant` used last, else the one used last.
    fn take(&self, tenant: Option<&str>) -> Option<Idle> {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let at = idle.iter().rposition(|i| i.tenant.as_deref() == tenant).or(idle.len().checked_sub(1))?;
        Some(idle.remove(at))
    }

    fn put(&self, idle: Idle) {
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(idle);
    }
}

fn unavailable(e: diesel::r2d2::Error) -> ApiError {
    ApiError::new(Code::DATABASE_UNAVAILABLE).with_source(Box::new(e))
}

/// A connection out of the pool; back in it when dropped, unless it broke.
pub(super) struct Pooled<'a> {
    pool: &'a Pool,
    conn: Option<AnyConnection>,
    tenant: Option<String>,
}

impl Deref for Pooled<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.conn.as_ref().expect("a pooled connection is there until dropped")
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("a pooled connection is there until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            if !conn.is_broken() {
                self.pool.put(Idle { conn, tenant: self.tenant.take() });
            }
        }
    }
}
