//! Who may do what in funding. Every handler names one of these on its first line;
//! an `applicant` is further held to its own organisation's records.

use modal_kit::auth::Role;

/// Prepare and run calls, screen, assign reviewers, decide, make grants, review reports.
pub const MANAGERS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];

/// Read calls and applications: the tenant's staff who deal with funding,
/// reviewers (their assignments) and applicants (their own).
pub const READERS: &[Role] =
    &[Role::ProgrammeAdmin, Role::TenantAdmin, Role::Coordinator, Role::Reviewer, Role::Viewer, Role::Applicant];

/// Write an application, submit it, answer an information request, report:
/// managers, or the applicant for its organisation.
pub const APPLICANTS: &[Role] = &[Role::TenantAdmin, Role::Coordinator, Role::Applicant];

/// Review the applications they are assigned.
pub const REVIEWERS: &[Role] = &[Role::Reviewer, Role::TenantAdmin, Role::Coordinator];

/// Read reviews: the staff who read applications, and reviewers (their own, then
/// the others' of an application once theirs is in).
pub const REVIEW_READERS: &[Role] =
    &[Role::ProgrammeAdmin, Role::TenantAdmin, Role::Coordinator, Role::Viewer, Role::Reviewer];

/// Read grants, disbursements and reports: the tenant's staff, and the applicant
/// (its own). Reviewers do not.
pub const GRANT_READERS: &[Role] =
    &[Role::ProgrammeAdmin, Role::TenantAdmin, Role::Coordinator, Role::Viewer, Role::Applicant];

/// Sign an agreement (upload the scan), ask for a tranche, report: managers, or
/// the applicant for its organisation.
pub const SIGNERS: &[Role] = APPLICANTS;

/// Approve a disbursement request (not one's own).
pub const APPROVERS: &[Role] = &[Role::TenantAdmin];

/// Record a payment.
pub const PAYERS: &[Role] = &[Role::TenantAdmin];
