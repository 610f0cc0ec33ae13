//! The outcome log: what the programme did not plan and wants to count — spaces
//! for dialogue, networks (a WhatsApp group and its members), new associations —
//! dated, linked to the organisations and trainings they came from (ids checked
//! with the registry and training), with a link to the evidence.

pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
