//! Attendance as a client sends it (a day's marks) and as it is answered (marks,
//! and a training's sheet with weighted rates).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Late,
    Excused,
    Absent,
}

impl AttendanceStatus {
    /// The share of a day this status counts for, in percent.
    pub fn weight(self) -> u32 {
        match self {
            AttendanceStatus::Present => 100,
            AttendanceStatus::Late => 75,
            AttendanceStatus::Excused => 50,
            AttendanceStatus::Absent => 0,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayMarks {
    /// Applied to every participant of the training (not cancelled) that `marks` does not name.
    pub default: Option<AttendanceStatus>,
    #[serde(default)]
    pub marks: Vec<MarkInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkInput {
    pub participant_id: String,
    pub status: AttendanceStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Mark {
    pub participant_id: String,
    pub day: NaiveDate,
    pub status: AttendanceStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceSheet {
    pub training_id: String,
    pub days: Vec<NaiveDate>,
    pub participants: Vec<ParticipantAttendance>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantAttendance {
    pub participant_id: String,
    pub full_name: Option<String>,
    pub mode: String,
    /// Day → status, for the days marked.
    pub marks: BTreeMap<NaiveDate, AttendanceStatus>,
    pub weighted_percent: i32,
}

/// The `{id}` (training) and `{day}` of a day's attendance path.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DayPath {
    /// The training's id.
    pub id: String,
    /// A day of the training, YYYY-MM-DD.
    pub day: NaiveDate,
}
