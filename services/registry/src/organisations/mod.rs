pub mod csv;
pub mod csv_handlers;
pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
