//! Applications: a local association's project for a call, with its diaspora
//! partner, its budget and co-financing, its answers to the call's questions; a
//! draft until submitted, each submission frozen as a revision.

pub mod access;
pub mod handlers;
pub mod history;
pub mod revisions;
pub mod rules;
pub mod status;
pub mod store;
pub mod types;
