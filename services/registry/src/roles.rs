//! Who may do what in registry. Every handler names one of these on its first line.

use modal_kit::auth::Role;

/// Create and change organisations and partnerships, import CSV.
pub const EDITORS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];

/// Delete or archive.
pub const ADMINS: &[Role] = &[Role::TenantAdmin];

/// See the people of organisations (names and contacts: personal data).
pub const PEOPLE_READERS: &[Role] = &[Role::TenantAdmin, Role::Coordinator, Role::ProgrammeAdmin];

/// Export or erase a person's data on request.
pub const PRIVACY_OFFICERS: &[Role] = &[Role::TenantAdmin];
