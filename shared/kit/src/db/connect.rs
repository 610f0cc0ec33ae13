//! Opening connections: the engine is chosen from the URL's scheme, never guessed.
//! (diesel's derived `establish` tries PostgreSQL then SQLite, so a mistyped
//! PostgreSQL URL would silently become a SQLite file; this connector refuses.)

use super::AnyConnection;
use diesel::connection::{Connection, SimpleConnection};
use diesel::r2d2::{Error, ManageConnection, R2D2Connection};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// `postgres://` or `postgresql://` is PostgreSQL; `sqlite://…` or a plain path
    /// ending in `.db` is a SQLite file. Anything else is refused at start.
    pub fn of_url(url: &str) -> Result<Backend, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite://") || (!url.contains("://") && url.ends_with(".db")) {
            Ok(Backend::Sqlite)
        } else {
            let shown = url.split_once("://").map_or(url, |(scheme, _)| scheme);
            Err(format!(
                "unsupported database URL ({shown}…): use postgres://, postgresql://, sqlite:// or a file path ending in .db"
            ))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Connector {
    url: String,
    backend: Backend,
    /// On PostgreSQL, the tenant this connection is bound to for its whole life
    /// (`app.tenant_id`, read by the row-level security policies); `None` for
    /// connections that serve no tenant and so see no tenant rows.
    tenant: Option<String>,
}

impl Connector {
    pub fn new(url: &str) -> Result<Connector, String> {
        Ok(Connector { url: url.to_string(), backend: Backend::of_url(url)?, tenant: None })
    }

    /// A connector whose PostgreSQL connections only ever see `tenant`'s rows. The
    /// id is inlined into `set_config`, so it is checked again here.
    pub fn for_tenant(url: &str, tenant: &str) -> Result<Connector, String> {
        if !crate::tenants::is_valid_id(tenant) {
            return Err(format!("refusing tenant id {tenant:?}: only a-z, 0-9 and '-' are allowed"));
        }
        Ok(Connector { tenant: Some(tenant.to_string()), ..Connector::new(url)? })
    }

    pub fn establish(&self) -> Result<AnyConnection, Error> {
        match self.backend {
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(&self.url).map_err(Error::ConnectionError)?;
                // A runaway query must not hold a connection forever.
                let mut setup = String::from("SET statement_timeout = '10s'");
                if let Some(tenant) = &self.tenant {
                    setup.push_str(&format!("; SELECT set_config('app.tenant_id', '{tenant}', false)"));
                }
                conn.batch_execute(&setup).map_err(Error::QueryError)?;
                Ok(AnyConnection::Postgresql(conn))
            }
            Backend::Sqlite => {
                let path = self.url.strip_prefix("sqlite://").unwrap_or(&self.url);
                if let Some(dir) = std::path::Path::new(path).parent() {
                    if !dir.as_os_str().is_empty() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                }
                let mut conn = diesel::SqliteConnection::establish(path).map_err(Error::ConnectionError)?;
                // Per-connection settings: referential integrity on, concurrent
                // readers with one writer (WAL), and wait rather than fail when busy
                // (another process holding the file; this one writes one at a time).
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
                )
                .map_err(Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }
}

impl ManageConnection for Connector {
    type Connection = AnyConnection;
    type Error = Error;

    fn connect(&self) -> Result<AnyConnection, Error> {
        self.establish()
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Error> {
        conn.ping().map_err(Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        conn.is_broken()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_comes_from_the_scheme_and_anything_else_is_refused() {
        assert_eq!(Backend::of_url("postgres://u@h/db"), Ok(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Ok(Backend::Postgres));
        assert_eq!(Backend::of_url("sqlite://data/registry.db"), Ok(Backend::Sqlite));
        assert_eq!(Backend::of_url("data/registry.db"), Ok(Backend::Sqlite));
        for bad in ["postgress://u@h/db", "mysql://u@h/db", "data/registry", "http://x/y.db", ""] {
            assert!(Backend::of_url(bad).is_err(), "{bad} was accepted");
        }
    }
}
