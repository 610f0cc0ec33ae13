//! Attendance: one mark per participant per training day. Each status carries a
//! weight (present 100 %, late 75 %, excused 50 %, absent 0 %; an unmarked day
//! counts as absent), and the weighted rate decides certificates. Once a training
//! has ended, the marks also set each participant's status (`statuses`).

pub mod handlers;
pub mod rules;
pub mod statuses;
pub mod store;
pub mod types;

pub use types::{AttendanceStatus, Mark};
