//! Attachments: the files an application, a grant or a report carries (budget,
//! statutes, signed agreement, receipts). The bytes go to an object store (a
//! folder under `./data/` by default, any S3-compatible store in production); the
//! database keeps who sent what, its type, size and SHA-256. A file is read by
//! whoever may read what it is attached to.

pub mod files;
pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
