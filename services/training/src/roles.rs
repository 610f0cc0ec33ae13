//! Who may do what in training. Every handler names one of these on its first line.

use modal_kit::auth::Role;

/// Plan and change trainings; issue and revoke certificates.
pub const ORGANISERS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];

/// Enrol participants and mark attendance (trainers run the sessions).
pub const STAFF: &[Role] = &[Role::TenantAdmin, Role::Coordinator, Role::Trainer];

/// See participants' contact details and attendance.
pub const PARTICIPANT_READERS: &[Role] = &[Role::TenantAdmin, Role::Coordinator, Role::Trainer, Role::ProgrammeAdmin];

/// Export or erase a person's data on request.
pub const PRIVACY_OFFICERS: &[Role] = &[Role::TenantAdmin];
