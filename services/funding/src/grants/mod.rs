//! Grants: one per selected application — its amount, dates and tranches, and its
//! agreement (a PDF in French) signed by both parties. Payments and reports on
//! its tranches are in `disbursements` and `reports`.

pub mod agreement;
pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
