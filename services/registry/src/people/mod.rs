//! People of an organisation: its president, treasurer, focal point, members…,
//! with the dates they held the role and how to reach them. Personal data: read by
//! the partner's staff only, exportable and erasable on the person's request.

pub mod handlers;
pub mod personal_data;
pub mod rules;
pub mod store;
pub mod types;
