pub mod handlers;
pub mod page;
pub mod pdf;
pub mod rules;
pub mod store;
pub mod template;
pub mod template_handlers;
pub mod types;
