//! Snapshots: what the registry, training and funding answered for a tenant and a
//! period, kept with when it was taken and from which release. Reports read them,
//! never the services, so a report answers with a service down and says how old
//! its figures are.

pub mod gather;
pub mod handlers;
pub mod projects;
pub mod store;
pub mod types;
