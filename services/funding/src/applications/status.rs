//! The state machine of an application:
//!
//! ```text
//! draft → submitted → (info_requested → submitted)* → eligible | ineligible
//!   eligible → under_review → selected | reserve | rejected;  reserve → selected | rejected
//!   selected → contracted → in_progress → completed → closed
//!   withdrawn from any state before contracted
//! ```
//!
//! Each move is made by its own route (submit, screening, review, decisions,
//! signatures, payments, reports) or the generic one, and checked here: who may
//! make it and from where. Every move is dated and in the audit trail.

use modal_kit::auth::Role;
use modal_kit::text::code_of;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    InfoRequested,
    Eligible,
    Ineligible,
    UnderReview,
    Selected,
    Reserve,
    Rejected,
    Contracted,
    InProgress,
    Completed,
    Closed,
    Withdrawn,
}

use ApplicationStatus::*;

pub const ALL: [ApplicationStatus; 14] = [
    Draft,
    Submitted,
    InfoRequested,
    Eligible,
    Ineligible,
    UnderReview,
    Selected,
    Reserve,
    Rejected,
    Contracted,
    InProgress,
    Completed,
    Closed,
    Withdrawn,
];

/// Whether an application in `from` can become `to` at all.
pub fn can_move(from: ApplicationStatus, to: ApplicationStatus) -> bool {
    let before_contract =
        matches!(from, Draft | Submitted | InfoRequested | Eligible | UnderReview | Selected | Reserve);
    matches!(
        (from, to),
        (Draft, Submitted)
            | (Submitted, InfoRequested)
            | (InfoRequested, Submitted)
            | (Submitted, Eligible)
            | (Submitted, Ineligible)
            | (Eligible, UnderReview)
            | (UnderReview, Selected)
            | (UnderReview, Reserve)
            | (UnderReview, Rejected)
            | (Reserve, Selected)
            | (Reserve, Rejected)
            | (Selected, Contracted)
            | (Contracted, InProgress)
            | (InProgress, Completed)
            | (Completed, Closed)
    ) || (to == Withdrawn && before_contract)
}

/// The states `from` can become, as codes (for a refused move's problem).
pub fn next(from: ApplicationStatus) -> Vec<String> {
    ALL.into_iter().filter(|to| can_move(from, *to)).map(|s| code_of(&s)).collect()
}

/// Who may make the move `to` through the generic route (`POST …/transitions`):
/// an information request and the start of the review by managers; a withdrawal
/// by the applicant or a manager; the closing by managers. Other moves have their
/// own routes and rules.
pub fn generic_movers(to: ApplicationStatus) -> Option<&'static [Role]> {
    match to {
        InfoRequested | UnderReview | Closed => Some(crate::roles::MANAGERS),
        Withdrawn => Some(crate::roles::APPLICANTS),
        _ => None,
    }
}

/// Whether the applicant may still change what it wrote.
pub fn editable(status: ApplicationStatus) -> bool {
    matches!(status, Draft | InfoRequested)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_information_loop_and_the_withdrawal_window() {
        assert!(can_move(Submitted, InfoRequested) && can_move(InfoRequested, Submitted));
        assert!(can_move(Selected, Withdrawn) && can_move(Draft, Withdrawn));
        assert!(!can_move(Contracted, Withdrawn), "no withdrawal once contracted");
        assert!(!can_move(Draft, Eligible) && !can_move(Rejected, Selected) && !can_move(Closed, Draft));
        assert_eq!(next(Reserve), vec!["selected", "rejected", "withdrawn"]);
    }
}
