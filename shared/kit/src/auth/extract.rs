//! The request extractors: `Caller` (a verified token) and `TenantScope` (a verified
//! token that grants the `{tenant}` of the path). The tenant always comes from the
//! path and the grant from the token, never from a request body.

use super::verify::{Verifier, VerifyError};
use super::Role;
use crate::error::{ApiError, Code};
use crate::tenants::{Tenant, Tenants};
use actix_web::dev::Payload;
use actix_web::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::{web, FromRequest, HttpRequest};
use std::future::{ready, Ready};

/// A caller whose token was verified.
#[derive(Clone, Debug)]
pub struct Caller {
    pub subject: String,
    pub tenants: Vec<String>,
    pub roles: Vec<Role>,
    /// The raw bearer token, forwarded on service-to-service calls.
    pub token: String,
}

impl Caller {
    /// The roles this caller holds in `tenant`: its own roles in a tenant it belongs
    /// to; read-only programme access elsewhere if it is a programme admin.
    pub fn roles_in(&self, tenant: &str) -> Vec<Role> {
        if self.tenants.iter().any(|t| t == tenant) {
            self.roles.clone()
        } else if self.roles.contains(&Role::ProgrammeAdmin) {
            vec![Role::ProgrammeAdmin]
        } else {
            Vec::new()
        }
    }

    /// Verifies the request's bearer token.
    pub fn verify(req: &HttpRequest) -> Result<Caller, ApiError> {
        let verifier =
            req.app_data::<web::Data<Verifier>>().ok_or_else(|| ApiError::internal("no Verifier in app data"))?;
        let header = req.headers().get(AUTHORIZATION).and_then(|h| h.to_str().ok());
        let token = match header.and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer "))) {
            Some(t) if !t.trim().is_empty() => t.trim(),
            _ => {
                return Err(unauthenticated(None).with_detail(
                    "Un jeton Bearer est requis dans l'en-tête Authorization.",
                    "A Bearer token is required in the Authorization header.",
                ))
            }
        };
        let claims = verifier.verify(token).map_err(|e| {
            tracing::info!(reason = ?e, "token rejected");
            let (fr, en) = match e {
                VerifyError::Invalid(msg) if msg.contains("Expired") => {
                    ("Le jeton a expiré.", "The token has expired.")
                }
                _ => ("Jeton invalide.", "Invalid token."),
            };
            unauthenticated(Some("invalid_token")).with_detail(fr, en)
        })?;
        Ok(Caller {
            subject: claims.sub,
            tenants: claims.tenants,
            roles: claims.roles.iter().filter_map(|r| Role::parse(r)).collect(),
            token: token.to_string(),
        })
    }
}

fn unauthenticated(error: Option<&str>) -> ApiError {
    let challenge = match error {
        Some(e) => format!("Bearer realm=\"modal\", error=\"{e}\""),
        None => "Bearer realm=\"modal\"".to_string(),
    };
    ApiError::new(Code::Unauthenticated).with_header(WWW_AUTHENTICATE, &challenge)
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Caller::verify(req))
    }
}

/// The per-tenant request budget of this replica (429 with `Retry-After` past it),
/// checked once the caller is known to act in that tenant.
pub struct TenantRateLimit(pub crate::ratelimit::RateLimiter);

/// A caller acting in the tenant named by the `{tenant}` path segment.
#[derive(Clone, Debug)]
pub struct TenantScope {
    pub tenant: Tenant,
    pub caller: Caller,
    roles: Vec<Role>,
}

impl TenantScope {
    pub fn id(&self) -> &str {
        &self.tenant.id
    }

    /// Who is acting, for audit records.
    pub fn actor(&self) -> &str {
        &self.caller.subject
    }

    pub fn has_any(&self, allowed: &[Role]) -> bool {
        self.roles.iter().any(|r| allowed.contains(r))
    }

    /// The route's role rule: `scope.require(EDITORS)?` at the top of a handler.
    pub fn require(&self, allowed: &[Role]) -> Result<(), ApiError> {
        if self.has_any(allowed) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    fn from_request_sync(req: &HttpRequest) -> Result<TenantScope, ApiError> {
        // Authenticate first: an anonymous caller learns nothing, not even which tenants exist.
        let caller = Caller::verify(req)?;
        let tenants =
            req.app_data::<web::Data<Tenants>>().ok_or_else(|| ApiError::internal("no Tenants in app data"))?;
        let id = req.match_info().get("tenant").unwrap_or_default();
        let tenant = tenants.get(id).cloned().ok_or_else(|| {
            ApiError::new(Code::TenantNotFound)
                .with_detail(format!("Le partenaire « {id} » n'existe pas."), format!("Tenant '{id}' does not exist."))
        })?;
        let roles = caller.roles_in(&tenant.id);
        if roles.is_empty() {
            return Err(ApiError::new(Code::Forbidden).with_detail(
                "Votre jeton ne donne pas accès à ce partenaire.",
                "Your token does not grant access to this tenant.",
            ));
        }
        if let Some(limit) = req.app_data::<web::Data<TenantRateLimit>>() {
            limit.0.check(&tenant.id)?;
        }
        Ok(TenantScope { tenant, caller, roles })
    }
}

impl FromRequest for TenantScope {
    type Error = ApiError;
    type Future = Ready<Result<TenantScope, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(TenantScope::from_request_sync(req))
    }
}
