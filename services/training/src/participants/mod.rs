//! Participants: people enrolled in a training, and their personal data on request.

pub mod handlers;
pub mod personal_data;
pub mod rules;
pub mod store;
pub mod types;
