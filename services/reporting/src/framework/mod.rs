//! The results framework (the programme's logframe): results — impact, outcome,
//! output — each with indicators and their targets per period. An indicator is
//! either one the catalogue computes from the services (its actual is never typed
//! in) or a manual one, for what no service records: a partner reports a value or
//! a narrative with evidence, submits it, the programme approves it (then it is
//! locked) or returns it with comments.

pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
pub mod values;
pub mod view;
