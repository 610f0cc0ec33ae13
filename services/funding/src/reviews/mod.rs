//! Reviews: reviewers assigned per application and lens, who declare no conflict
//! of interest before they see it, then score each criterion of their lens 0–5
//! with a comment and a recommendation. A reviewer sees the other reviews of an
//! application only once its own is submitted.

pub mod handlers;
pub mod rules;
pub mod store;
pub mod types;
