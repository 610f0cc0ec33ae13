//! The indicators: each defined once in [`catalogue`] (what it counts, from which
//! service, how it is disaggregated), computed from a tenant's latest snapshots
//! and its outcome log, never typed in; summed for the programme in [`rollup`].

pub mod catalogue;
pub mod handlers;
pub mod report;
pub mod rollup;
pub mod value;
