//! Who may do what in reporting. Every handler names one of these on its first line.

use modal_kit::auth::Role;

/// Read the tenant's indicators, snapshots and outcomes: the tenant's staff, and
/// the programme (read-only, every tenant).
pub use modal_kit::auth::ANY_READER as READERS;

/// Gather figures now, record outcomes: the tenant's coordination.
pub const EDITORS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];

/// The programme-wide view: the four tenants side by side and their total.
pub const PROGRAMME: &[Role] = &[Role::ProgrammeAdmin];
