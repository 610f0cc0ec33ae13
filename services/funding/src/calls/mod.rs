//! Calls for projects: restricted to invited organisations or open to the
//! tenant's, with a window, an envelope, eligibility rules, weighted criteria and
//! questions of their own.

pub mod handlers;
pub mod questions;
pub mod rules;
pub mod store;
pub mod types;
