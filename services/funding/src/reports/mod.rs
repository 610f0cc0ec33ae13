//! Reports: for each tranche, a narrative and a financial report (expenses against
//! the budget lines, receipts attached), accepted or returned with comments. The
//! next tranche is paid only once the previous report is accepted; the last one
//! accepted completes the project.

pub mod handlers;
pub mod store;
pub mod types;
