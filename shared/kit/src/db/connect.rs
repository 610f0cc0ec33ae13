//! Opening connections: the engine is chosen from the URL's scheme, never guessed.
//! (diesel's derived `establish` tries PostgreSQL then SQLite, so a mistyped
//! PostgreSQL URL would silently become a SQLite file; this connector refuses.)

use super::AnyConnection;
use diesel::connection::{Connection, SimpleConnection};
use diesel::r2d2::Error;
use diesel::sql_types::Text;
use diesel::{QueryResult, RunQueryDsl};

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
}

impl Connector {
    pub fn new(url: &str) -> Result<Connector, String> {
        Ok(Connector { url: url.to_string(), backend: Backend::of_url(url)? })
    }

    pub fn establish(&self) -> Result<AnyConnection, Error> {
        match self.backend {
            Backend::Postgres => {
                // An unreachable server is given up on after 5 s (the request gets a
                // 503), unless the URL says otherwise.
                let url = if self.url.contains("connect_timeout=") {
                    self.url.clone()
                } else {
                    format!("{}{}connect_timeout=5", self.url, if self.url.contains('?') { '&' } else { '?' })
                };
                let mut conn = diesel::PgConnection::establish(&url).map_err(Error::ConnectionError)?;
                // A runaway query must not hold a connection forever.
                conn.batch_execute("SET statement_timeout = '10s'").map_err(Error::QueryError)?;
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

/// Sets the tenant whose rows a PostgreSQL connection's queries see, for the
/// connection's life or until set again (`None`: no tenant, so no rows). The id is
/// a bound parameter, never SQL text. SQLite has no row-level security.
pub(super) fn bind(conn: &mut AnyConnection, tenant: Option<&str>) -> QueryResult<()> {
    if let AnyConnection::Postgresql(c) = conn {
        diesel::sql_query("SELECT set_config('app.tenant_id', $1, false)")
            .bind::<Text, _>(tenant.unwrap_or(""))
            .execute(c)?;
    }
    Ok(())
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
