//! Participants: people enrolled in a training (one by one or from a spreadsheet),
//! and their personal data on request.

pub mod handlers;
pub mod import;
pub mod import_handler;
pub mod person;
pub mod personal_data;
pub mod rules;
pub mod store;
pub mod types;
