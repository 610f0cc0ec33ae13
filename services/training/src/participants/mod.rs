pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
