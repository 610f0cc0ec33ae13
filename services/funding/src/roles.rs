//! Who may do what in funding. Every handler names one of these on its first line.

use modal_kit::auth::Role;

/// Prepare and run calls, screen applications, decide.
pub const MANAGERS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];
