//! Attendance rules as plain functions: the weighted rate, who a day's marks
//! apply to, and a training's sheet.

use super::types::*;
use crate::participants::{rules::is_cancelled, types::ParticipantRow};
use chrono::NaiveDate;
use modal_kit::ApiError;
use std::collections::BTreeMap;

/// Weighted attendance over `days` training days, in whole percent (rounded down).
pub fn weighted_percent(marks: &[AttendanceStatus], days: usize) -> i32 {
    if days == 0 {
        return 0;
    }
    let total: u32 = marks.iter().map(|m| m.weight()).sum();
    (total / days as u32) as i32
}

/// The status each participant gets for the day: `default` for every enrolment
/// not cancelled, then the named exceptions (422 for a person not enrolled).
pub fn plan_day(input: &DayMarks, people: &[ParticipantRow]) -> Result<BTreeMap<String, AttendanceStatus>, ApiError> {
    let mut plan = BTreeMap::new();
    if let Some(default) = input.default {
        for p in people.iter().filter(|p| !is_cancelled(&p.status)) {
            plan.insert(p.id.clone(), default);
        }
    }
    for (i, m) in input.marks.iter().enumerate() {
        if !people.iter().any(|p| p.id == m.participant_id) {
            return Err(ApiError::invalid_field(
                &format!("marks[{i}].participant_id"),
                "unknown_participant",
                "Cette personne n'est pas inscrite à cette formation.",
                "This person is not enrolled in this training.",
            ));
        }
        plan.insert(m.participant_id.clone(), m.status);
    }
    Ok(plan)
}

/// A training's sheet from its days, its participants and every mark given.
pub fn sheet(training: &str, days: Vec<NaiveDate>, people: Vec<ParticipantRow>, marks: Vec<Mark>) -> AttendanceSheet {
    let mut by_participant: BTreeMap<String, BTreeMap<NaiveDate, AttendanceStatus>> = BTreeMap::new();
    for m in marks {
        by_participant.entry(m.participant_id).or_default().insert(m.day, m.status);
    }
    let participants = people
        .into_iter()
        .map(|p| {
            let marks = by_participant.remove(&p.id).unwrap_or_default();
            let values: Vec<AttendanceStatus> = marks.values().copied().collect();
            ParticipantAttendance {
                weighted_percent: weighted_percent(&values, days.len()),
                participant_id: p.id,
                full_name: p.full_name,
                mode: p.mode,
                marks,
            }
        })
        .collect();
    AttendanceSheet { training_id: training.to_string(), days, participants }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttendanceStatus::*;

    #[test]
    fn weights_make_the_rate_and_unmarked_days_count_as_absent() {
        assert_eq!(weighted_percent(&[Present; 5], 5), 100);
        assert_eq!(weighted_percent(&[Present, Present, Present, Present, Absent], 5), 80);
        assert_eq!(weighted_percent(&[Present, Present, Present, Late], 5), 75);
        assert_eq!(weighted_percent(&[Excused, Excused], 2), 50);
        assert_eq!(weighted_percent(&[], 0), 0);
    }
}
