//! modal-kit: what the four modal services share, written once.
//!
//! - [`http`]: the app builder (`ServiceDef`, middleware, probes, metrics, OpenAPI,
//!   docs UI, idempotency), where a route is declared once.
//! - [`auth`]: bearer JWT verification, tenants and roles (`TenantScope`, `Actor`).
//! - [`error`]: the one error type, its codes and its problem+json rendering.
//! - [`db`]: PostgreSQL/SQLite behind one code path, migrations (the kit's tables
//!   first), one pool whose connections remember their tenant for RLS, write
//!   transactions and row locks.
//! - [`stamp`], [`audit`], [`etag`], [`pagination`]: a record's stamp and versioned
//!   replace, the audit trail, and the one answer of a record and of a list.
//! - [`client`]: the base of service-to-service clients.
//! - small helpers: [`validate`], [`text`], [`i18n`], [`clock`], [`ratelimit`].

pub mod audit;
pub mod auth;
pub mod client;
pub mod client_ip;
pub mod clock;
pub mod config;
pub mod countries;
pub mod db;
pub mod error;
pub mod etag;
pub mod http;
pub mod i18n;
pub mod labels;
pub mod money;
pub mod pagination;
pub mod pdf;
pub mod period;
pub mod ratelimit;
pub mod spreadsheet;
pub mod stamp;
pub mod telemetry;
pub mod tenants;
pub mod text;
pub mod timestamp;
pub mod transition;
pub mod validate;

pub use error::{ApiError, Code, CodeDef};
