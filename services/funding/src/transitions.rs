//! The answer to a state change a record cannot make (the kit's, shared with reporting).

pub use modal_kit::transition::{refused, INVALID_TRANSITION};
