//! Who may do what in registry. Every handler names one of these on its first line.

use modal_kit::auth::Role;

/// Create and change organisations and partnerships, import CSV.
pub const EDITORS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];

/// Delete or archive.
pub const ADMINS: &[Role] = &[Role::TenantAdmin];
