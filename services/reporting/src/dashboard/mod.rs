//! The dashboard: a page a programme officer reads at a glance (see `page`),
//! reached with a bearer token or a short-lived signed link (see `links`).

pub mod charts;
pub mod handlers;
pub mod links;
pub mod page;
