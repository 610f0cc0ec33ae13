//! The request extractors: `Caller` (a verified token) and `TenantScope` (a verified
//! token that grants the `{tenant}` of the path). The tenant always comes from the
//! path and the grant from the token, never from a request body.
//!
//! Both resolve synchronously, except when a token names a key the issuer's JWKS
//! did not have: then the JWKS is read again (at most once a minute) before the
//! token is judged. A `TenantScope` resolved once (by the idempotency guard, which
//! must know the caller before it claims a key) is kept in the request's
//! extensions, so the tenant's request budget is spent once per request.

use super::verify::{Verified, Verifier, VerifyError};
use super::{Actor, Role, RoleSet};
use crate::error::{ApiError, Code};
use crate::tenants::{Tenant, Tenants};
use actix_web::dev::Payload;
use actix_web::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::{ready, Either, LocalBoxFuture, Ready};
use std::sync::Arc;

/// A caller whose token was verified: the token's parsed claims, shared by every
/// request that presents the same token (a clone is a reference count).
#[derive(Clone, Debug)]
pub struct Caller(Arc<Verified>);

pub(super) type Pending<T> = Either<Ready<Result<T, ApiError>>, LocalBoxFuture<'static, Result<T, ApiError>>>;

impl Caller {
    /// The token's `sub`.
    pub fn subject(&self) -> &str {
        &self.0.subject
    }

    /// The raw bearer token, forwarded on service-to-service calls.
    pub fn token(&self) -> &str {
        &self.0.token
    }

    /// The registry organisation the caller acts for, when it is an `applicant`.
    pub fn organisation(&self) -> Option<&str> {
        self.0.organisation.as_deref()
    }

    /// Whether the token grants the programme's read of every tenant.
    pub fn is_programme_admin(&self) -> bool {
        self.0.roles.contains(Role::ProgrammeAdmin)
    }

    /// The roles this caller holds in `tenant`: those `tenant_roles` gives it there,
    /// else its roles in a tenant it belongs to; read-only programme access
    /// elsewhere if it is a programme admin.
    pub fn roles_in(&self, tenant: &str) -> RoleSet {
        let v = &self.0;
        if let Some(roles) = v.tenant_roles.get(tenant) {
            *roles
        } else if v.tenants.iter().any(|t| t == tenant) {
            v.roles
        } else if v.roles.contains(Role::ProgrammeAdmin) {
            RoleSet::of(&[Role::ProgrammeAdmin])
        } else {
            RoleSet::default()
        }
    }

    /// Verifies the request's bearer token, reading the issuer's keys again when
    /// the token names one we do not know.
    pub fn verify(req: &HttpRequest) -> Pending<Caller> {
        let verifier = match req.app_data::<web::Data<Verifier>>() {
            Some(v) => v.clone(),
            None => return Either::Left(ready(Err(ApiError::internal("no Verifier in app data")))),
        };
        let token = match bearer(req) {
            Ok(t) => t.to_string(),
            Err(e) => return Either::Left(ready(Err(e))),
        };
        match verifier.verify(&token) {
            Err(VerifyError::UnknownKey) => Either::Right(Box::pin(async move {
                if verifier.refresh_if_due().await {
                    return judge(verifier.verify(&token));
                }
                judge(Err(VerifyError::UnknownKey))
            })),
            result => Either::Left(ready(judge(result))),
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    let header = req.headers().get(AUTHORIZATION).and_then(|h| h.to_str().ok());
    match header.and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer "))) {
        Some(t) if !t.trim().is_empty() => Ok(t.trim()),
        _ => Err(unauthenticated(None).with_detail(
            "Un jeton Bearer est requis dans l'en-tête Authorization.",
            "A Bearer token is required in the Authorization header.",
        )),
    }
}

fn judge(result: Result<Arc<Verified>, VerifyError>) -> Result<Caller, ApiError> {
    let verified = result.map_err(|e| {
        tracing::info!(reason = ?e, "token rejected");
        let (fr, en) = match e {
            VerifyError::Expired => ("Le jeton a expiré.", "The token has expired."),
            VerifyError::NotYetValid => ("Le jeton n'est pas encore valable.", "The token is not valid yet."),
            _ => ("Jeton invalide.", "Invalid token."),
        };
        unauthenticated(Some("invalid_token")).with_detail(fr, en)
    })?;
    Ok(Caller(verified))
}

fn unauthenticated(error: Option<&str>) -> ApiError {
    let challenge = match error {
        Some(e) => format!("Bearer realm=\"modal\", error=\"{e}\""),
        None => "Bearer realm=\"modal\"".to_string(),
    };
    ApiError::new(Code::UNAUTHENTICATED).with_header(WWW_AUTHENTICATE, &challenge)
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pending<Caller>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Caller::verify(req)
    }
}

/// The per-tenant request budget of this replica (429 with `Retry-After` past it),
/// checked once the caller is known to act in that tenant.
pub struct TenantRateLimit(pub crate::ratelimit::RateLimiter);

/// A caller acting in the tenant named by the `{tenant}` path segment.
#[derive(Clone, Debug)]
pub struct TenantScope {
    pub tenant: Arc<Tenant>,
    pub caller: Caller,
    roles: RoleSet,
}

impl TenantScope {
    pub fn id(&self) -> &str {
        &self.tenant.id
    }

    /// Who is acting, for audit records.
    pub fn subject(&self) -> &str {
        self.caller.subject()
    }

    /// Who acts in which tenant, for writes (row stamps, audit events).
    pub fn actor(&self) -> Actor {
        Actor { tenant: self.tenant.id.clone(), subject: self.subject().to_string() }
    }

    pub fn has_any(&self, allowed: &[Role]) -> bool {
        self.roles.any_of(allowed)
    }

    /// The organisation this caller may act for and only for: `Some` for a caller
    /// whose only role here is `applicant` (a token without `organisation` then
    /// acts for none), `None` for staff, who act for the tenant.
    pub fn applicant_for(&self) -> Option<&str> {
        let only_applicant = self.roles.contains(Role::Applicant) && !self.roles.any_of(&Role::STAFF);
        only_applicant.then(|| self.caller.organisation().unwrap_or(""))
    }

    /// The route's role rule: `scope.require(EDITORS)?` at the top of a handler.
    pub fn require(&self, allowed: &[Role]) -> Result<(), ApiError> {
        if self.has_any(allowed) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// Whether this caller may change anything in the tenant at all (a programme
    /// admin or a viewer may not), before any route's own rule is applied.
    pub fn may_write(&self) -> bool {
        self.roles.iter().any(|r| !matches!(r, Role::ProgrammeAdmin | Role::Viewer))
    }

    /// The scope of `req`, resolved once per request (see the module's comment).
    pub fn resolve(req: &HttpRequest) -> Pending<TenantScope> {
        if let Some(scope) = req.extensions().get::<TenantScope>() {
            return Either::Left(ready(Ok(scope.clone())));
        }
        match Caller::verify(req) {
            Either::Left(ready_caller) => {
                let caller = ready_caller.into_inner();
                Either::Left(ready(caller.and_then(|c| TenantScope::for_caller(req, c))))
            }
            Either::Right(pending) => {
                let req = req.clone();
                Either::Right(Box::pin(async move { TenantScope::for_caller(&req, pending.await?) }))
            }
        }
    }

    fn for_caller(req: &HttpRequest, caller: Caller) -> Result<TenantScope, ApiError> {
        let tenants =
            req.app_data::<web::Data<Tenants>>().ok_or_else(|| ApiError::internal("no Tenants in app data"))?;
        // Before routing (in a middleware) the path's segments are not matched yet.
        let id = req.match_info().get("tenant").or_else(|| tenant_of_path(req.path())).unwrap_or_default();
        let tenant = tenants.get(id).cloned().ok_or_else(|| {
            ApiError::new(Code::TENANT_NOT_FOUND)
                .with_detail(format!("Le partenaire « {id} » n'existe pas."), format!("Tenant '{id}' does not exist."))
        })?;
        let roles = caller.roles_in(&tenant.id);
        if roles.is_empty() {
            return Err(ApiError::new(Code::FORBIDDEN).with_detail(
                "Votre jeton ne donne pas accès à ce partenaire.",
                "Your token does not grant access to this tenant.",
            ));
        }
        if let Some(limit) = req.app_data::<web::Data<TenantRateLimit>>() {
            limit.0.check(&tenant.id)?;
        }
        let scope = TenantScope { tenant, caller, roles };
        req.extensions_mut().insert(scope.clone());
        Ok(scope)
    }
}

/// The `{tenant}` of a `/v1/tenants/{tenant}/…` path.
pub(crate) fn tenant_of_path(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/tenants/").and_then(|rest| rest.split('/').next()).filter(|t| !t.is_empty())
}

impl FromRequest for TenantScope {
    type Error = ApiError;
    type Future = Pending<TenantScope>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        TenantScope::resolve(req)
    }
}
