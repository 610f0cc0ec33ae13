//! The committee: the ranking of a call's reviewed applications against its
//! envelope (per country too), and its decisions — selected, reserve, rejected —
//! each with a reason and a message to the applicant.

pub mod handlers;
pub mod rules;
pub mod store;
