pub mod handlers;
pub mod page;
pub mod pdf;
pub mod rules;
pub mod store;
pub mod types;
