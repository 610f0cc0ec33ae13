//! modal-kit: what the four modal services share, written once.
//!
//! - [`auth`]: bearer JWT verification, tenants and roles (`TenantScope`).
//! - [`error`]: the one error type and its problem+json rendering.
//! - [`db`]: PostgreSQL/SQLite behind one code path, migrations, a pool per tenant for RLS.
//! - [`http`]: the app builder (middleware, probes, metrics, OpenAPI, docs UI).
//! - [`client`]: the base of service-to-service clients.
//! - small helpers: [`validate`], [`pagination`], [`etag`], [`text`], [`i18n`].

pub mod audit;
pub mod auth;
pub mod client;
pub mod config;
pub mod countries;
pub mod db;
pub mod error;
pub mod etag;
pub mod http;
pub mod i18n;
pub mod idempotency;
pub mod pagination;
pub mod ratelimit;
pub mod telemetry;
pub mod tenants;
pub mod text;
pub mod timestamp;
pub mod validate;

pub use error::{ApiError, Code};
