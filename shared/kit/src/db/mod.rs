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
use diesel::connection::Connection;
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
    backend: Backend,
}

impl Db {
    pub fn open(url: &str, max_connections: u32) -> Result<Db, String> {
        let backend = Backend::of_url(url);
        let pool = Pool::builder()
            .max_size(max_connections)
            .connection_timeout(std::time::Duration::from_secs(5))
            .build(Connector::new(url))
            .map_err(|e| format!("cannot open the database: {e}"))?;
        Ok(Db { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
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
            conn.transaction(|conn| {
                set_tenant(conn, &tenant)?;
                work(conn)
            })
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
            work(&mut conn)
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

fn set_tenant(conn: &mut AnyConnection, tenant: &str) -> Result<(), ApiError> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT set_config('app.tenant_id', $1, true)")
            .bind::<diesel::sql_types::Text, _>(tenant)
            .execute(pg)?;
    }
    Ok(())
}
