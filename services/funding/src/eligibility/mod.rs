//! Eligibility: the call's automatic checks, run over REST against the registry
//! and training and each recorded with the facts read and when; then the
//! screener's decision, which may pass a failed check only with a reason.

pub mod handlers;
pub mod rules;
pub mod store;
