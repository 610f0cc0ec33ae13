//! Disbursements: a tranche is asked for, approved, then paid — each step by its
//! role. A payment needs an `Idempotency-Key`, never exceeds what remains of the
//! approved request, the tranche and the grant (the grant is locked while it is
//! counted), and waits for the previous tranche's report to be accepted.

pub mod handlers;
pub mod store;
pub mod types;
