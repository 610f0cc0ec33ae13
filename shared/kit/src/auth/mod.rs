//! Who is calling, and what they may do in which tenant.
//!
//! A bearer JWT names the caller (`sub`) and its grants: the tenants it belongs to
//! (`tenants`) with its roles there (`roles`), and, where its roles differ from one
//! tenant to another, `tenant_roles` (`{"diadem": ["coordinator"], "fecong":
//! ["viewer"]}`), which wins for the tenants it names. `TenantScope` is the
//! extractor every tenant route takes: it verifies the token, resolves `{tenant}`
//! from the path and yields the caller's roles there. Handlers then state their
//! rule visibly with `scope.require(ROLES)?`.

mod extract;
mod jwks;
mod mint;
mod programme;
mod verify;

pub(crate) use extract::tenant_of_path;
pub use extract::{Caller, TenantRateLimit, TenantScope};
pub use jwks::{fetch as fetch_jwks, refresh_periodically};
pub use mint::{mint_token, MintRequest};
pub use programme::ProgrammeScope;
pub use verify::{JwtSettings, KeySource, Verified, Verifier, VerifyError};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads every tenant (programme team, donor's officers); writes nowhere.
    ProgrammeAdmin,
    /// Administers one tenant: everything a coordinator does, plus audit and deletions.
    TenantAdmin,
    /// Runs the programme in a tenant: creates and updates its data.
    Coordinator,
    Trainer,
    Reviewer,
    Viewer,
    /// Acts for one organisation of the tenant, named by the token's `organisation`
    /// claim: sees and changes only what belongs to that organisation (its
    /// applications for funding), route by route.
    Applicant,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::ProgrammeAdmin,
        Role::TenantAdmin,
        Role::Coordinator,
        Role::Trainer,
        Role::Reviewer,
        Role::Viewer,
        Role::Applicant,
    ];

    /// The programme's and partners' staff: every role but `applicant`.
    pub const STAFF: [Role; 6] =
        [Role::ProgrammeAdmin, Role::TenantAdmin, Role::Coordinator, Role::Trainer, Role::Reviewer, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::ProgrammeAdmin => "programme_admin",
            Role::TenantAdmin => "tenant_admin",
            Role::Coordinator => "coordinator",
            Role::Trainer => "trainer",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
            Role::Applicant => "applicant",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The known roles among `names`; unknown ones (another system's) are ignored.
    pub fn parse_all(names: &[String]) -> Vec<Role> {
        names.iter().filter_map(|r| Role::parse(r)).collect()
    }
}

/// Any role that may read a tenant's data: its staff. (An applicant reads only what
/// belongs to its organisation, where a route allows it.)
pub const ANY_READER: &[Role] = &Role::STAFF;

/// A set of roles, held in one byte: what a request carries from its token to its
/// handler's rule without allocating.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoleSet(u8);

impl RoleSet {
    pub fn of(roles: &[Role]) -> RoleSet {
        RoleSet(roles.iter().fold(0, |bits, r| bits | RoleSet::bit(*r)))
    }

    fn bit(role: Role) -> u8 {
        1 << Role::ALL.iter().position(|r| *r == role).unwrap_or(0)
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & RoleSet::bit(role) != 0
    }

    pub fn any_of(self, roles: &[Role]) -> bool {
        self.0 & RoleSet::of(roles).0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

/// The claims modal reads from a verified token. Unknown roles are ignored, so an
/// identity provider may carry roles of other systems in the same token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(default)]
    pub tenants: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    /// Roles per tenant, for a caller whose roles differ between tenants.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tenant_roles: BTreeMap<String, Vec<String>>,
    /// The registry organisation an `applicant` acts for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub exp: u64,
}

/// Who acts, and in which tenant: what a write's queries, row stamps and audit
/// events need. Taken from a [`TenantScope`], never from a request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub tenant: String,
    /// The token's `sub`.
    pub subject: String,
}
