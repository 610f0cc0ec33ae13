//! One error type for every service, rendered as RFC 9457 `application/problem+json`.
//!
//! `Code` is the single table from stable machine code to HTTP status and title
//! (French and English). Handlers return `Result<_, ApiError>`; the problem
//! middleware (`http::problem`) renders the body in the caller's language and adds
//! the request path and id. Internal causes (SQL, I/O) are logged, never sent.

use crate::i18n::{Lang, Msg};
use crate::validate::Violations;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Map, Value};
use std::fmt;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    MalformedRequest,
    ValidationFailed,
    Unauthenticated,
    Forbidden,
    TenantNotFound,
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    Conflict,
    DuplicateOrganisation,
    PreconditionFailed,
    PreconditionRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    NotAcceptable,
    RateLimited,
    Internal,
    DatabaseUnavailable,
    UpstreamError,
    UpstreamUnavailable,
    UpstreamTimeout,
}

impl Code {
    /// The table: code → (status, machine code, French title, English title).
    pub fn spec(self) -> (u16, &'static str, &'static str, &'static str) {
        use Code::*;
        match self {
            MalformedRequest => (400, "malformed_request", "Requête mal formée", "Malformed request"),
            ValidationFailed => (422, "validation_failed", "Données invalides", "Invalid data"),
            Unauthenticated => (401, "unauthenticated", "Authentification requise", "Authentication required"),
            Forbidden => (403, "forbidden", "Accès refusé", "Access denied"),
            TenantNotFound => (404, "tenant_not_found", "Partenaire inconnu", "Unknown tenant"),
            NotFound => (404, "not_found", "Ressource introuvable", "Resource not found"),
            RouteNotFound => (404, "route_not_found", "Adresse inconnue", "Unknown route"),
            MethodNotAllowed => (405, "method_not_allowed", "Méthode non autorisée", "Method not allowed"),
            Conflict => (409, "conflict", "Conflit", "Conflict"),
            DuplicateOrganisation => {
                (409, "duplicate_organisation", "Organisation déjà enregistrée", "Organisation already registered")
            }
            PreconditionFailed => (412, "precondition_failed", "Version périmée", "Stale version"),
            PreconditionRequired => {
                (428, "precondition_required", "En-tête If-Match requis", "If-Match header required")
            }
            PayloadTooLarge => (413, "payload_too_large", "Corps de requête trop volumineux", "Request body too large"),
            UnsupportedMediaType => {
                (415, "unsupported_media_type", "Type de contenu non pris en charge", "Unsupported content type")
            }
            NotAcceptable => {
                (406, "not_acceptable", "Format de réponse non disponible", "Response format not available")
            }
            RateLimited => (429, "rate_limited", "Trop de requêtes", "Too many requests"),
            Internal => (500, "internal_error", "Erreur interne", "Internal error"),
            DatabaseUnavailable => {
                (503, "database_unavailable", "Base de données indisponible", "Database unavailable")
            }
            UpstreamError => (502, "upstream_error", "Réponse invalide d'un service", "Invalid answer from a service"),
            UpstreamUnavailable => {
                (503, "upstream_unavailable", "Service dépendant indisponible", "Dependent service unavailable")
            }
            UpstreamTimeout => (504, "upstream_timeout", "Service dépendant trop lent", "Dependent service timed out"),
        }
    }

    pub fn status(self) -> StatusCode {
        StatusCode::from_u16(self.spec().0).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn as_str(self) -> &'static str {
        self.spec().1
    }

    /// The code a bare error response (one not built from an `ApiError`) stands for.
    pub fn for_status(status: StatusCode) -> Code {
        match status.as_u16() {
            400 => Code::MalformedRequest,
            401 => Code::Unauthenticated,
            403 => Code::Forbidden,
            404 => Code::RouteNotFound,
            405 => Code::MethodNotAllowed,
            406 => Code::NotAcceptable,
            409 => Code::Conflict,
            412 => Code::PreconditionFailed,
            413 => Code::PayloadTooLarge,
            415 => Code::UnsupportedMediaType,
            422 => Code::ValidationFailed,
            428 => Code::PreconditionRequired,
            429 => Code::RateLimited,
            502 => Code::UpstreamError,
            503 => Code::UpstreamUnavailable,
            504 => Code::UpstreamTimeout,
            _ => Code::Internal,
        }
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub code: Code,
    /// Boxed to keep `Result<_, ApiError>` small on the happy path.
    pub detail: Option<Box<Msg>>,
    pub violations: Violations,
    /// Extra members of the problem object (e.g. `existing` for a duplicate).
    pub extra: Map<String, Value>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The internal cause: logged by the problem middleware, never sent to a client.
    pub cause: Option<String>,
}

impl ApiError {
    pub fn new(code: Code) -> ApiError {
        ApiError {
            code,
            detail: None,
            violations: Violations::new(),
            extra: Map::new(),
            headers: Vec::new(),
            cause: None,
        }
    }

    pub fn with_detail(mut self, fr: impl Into<String>, en: impl Into<String>) -> ApiError {
        self.detail = Some(Box::new(Msg::new(fr, en)));
        self
    }

    pub fn with_extra(mut self, key: &str, value: Value) -> ApiError {
        self.extra.insert(key.to_string(), value);
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: &str) -> ApiError {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.push((name, v));
        }
        self
    }

    pub fn with_cause(mut self, cause: impl fmt::Display) -> ApiError {
        self.cause = Some(cause.to_string());
        self
    }

    pub fn validation(violations: Violations) -> ApiError {
        let n = violations.len();
        let mut e = ApiError::new(Code::ValidationFailed)
            .with_detail(format!("{n} champ(s) à corriger."), format!("{n} field(s) to correct."));
        e.violations = violations;
        e
    }

    /// One invalid field, for checks that are not part of a body's `validate()`.
    pub fn invalid_field(field: &str, code: &'static str, fr: impl Into<String>, en: impl Into<String>) -> ApiError {
        let mut v = Violations::new();
        v.add(field, code, Msg::new(fr, en));
        ApiError::validation(v)
    }

    pub fn not_found(what_fr: &str, what_en: &str) -> ApiError {
        ApiError::new(Code::NotFound).with_detail(format!("{what_fr} introuvable."), format!("{what_en} not found."))
    }

    pub fn forbidden() -> ApiError {
        ApiError::new(Code::Forbidden)
            .with_detail("Votre rôle ne permet pas cette opération.", "Your role does not allow this operation.")
    }

    pub fn internal(cause: impl fmt::Display) -> ApiError {
        ApiError::new(Code::Internal).with_cause(cause)
    }

    /// The problem object in `lang`, with the request path and id when known.
    pub fn problem(&self, lang: Lang, instance: Option<&str>, request_id: Option<&str>) -> Value {
        let (status, code, title_fr, title_en) = self.code.spec();
        let mut body = json!({
            "type": format!("urn:modal:problem:{code}"),
            "title": lang.pick(title_fr, title_en),
            "status": status,
            "code": code,
        });
        let obj = body.as_object_mut().expect("problem is an object");
        if let Some(detail) = &self.detail {
            obj.insert("detail".into(), detail.get(lang).into());
        }
        if let Some(instance) = instance {
            obj.insert("instance".into(), instance.into());
        }
        if let Some(id) = request_id {
            obj.insert("request_id".into(), id.into());
        }
        if !self.violations.is_empty() {
            obj.insert("errors".into(), serde_json::to_value(self.violations.localized(lang)).unwrap_or_default());
        }
        for (k, v) in &self.extra {
            obj.insert(k.clone(), v.clone());
        }
        body
    }

    pub fn render(&self, lang: Lang, instance: Option<&str>, request_id: Option<&str>) -> HttpResponse {
        let mut res = HttpResponse::build(self.code.status());
        res.content_type(PROBLEM_JSON);
        if lang == Lang::En {
            res.insert_header(("content-language", "en"));
        } else {
            res.insert_header(("content-language", "fr"));
        }
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.body(self.problem(lang, instance, request_id).to_string())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    /// French without request details; the problem middleware re-renders it for
    /// the actual request (language, path, request id).
    fn error_response(&self) -> HttpResponse {
        self.render(Lang::Fr, None, None)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match &e {
            E::NotFound => ApiError::new(Code::NotFound),
            E::DatabaseError(K::UniqueViolation, _) => ApiError::new(Code::Conflict)
                .with_detail("Cet enregistrement existe déjà.", "This record already exists.")
                .with_cause(e),
            E::DatabaseError(K::SerializationFailure, _) => ApiError::new(Code::Conflict)
                .with_detail("Modification concurrente, réessayez.", "Concurrent change, please retry.")
                .with_cause(e),
            E::DatabaseError(K::ClosedConnection, _) => ApiError::new(Code::DatabaseUnavailable).with_cause(e),
            _ => ApiError::internal(e),
        }
    }
}

impl From<r2d2_error::PoolError> for ApiError {
    fn from(e: r2d2_error::PoolError) -> ApiError {
        ApiError::new(Code::DatabaseUnavailable).with_cause(e)
    }
}

mod r2d2_error {
    pub use diesel::r2d2::PoolError;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_machine_code_and_an_error_status() {
        use Code::*;
        let all = [
            MalformedRequest,
            ValidationFailed,
            Unauthenticated,
            Forbidden,
            TenantNotFound,
            NotFound,
            RouteNotFound,
            MethodNotAllowed,
            Conflict,
            DuplicateOrganisation,
            PreconditionFailed,
            PreconditionRequired,
            PayloadTooLarge,
            UnsupportedMediaType,
            NotAcceptable,
            RateLimited,
            Internal,
            DatabaseUnavailable,
            UpstreamError,
            UpstreamUnavailable,
            UpstreamTimeout,
        ];
        let mut codes: Vec<_> = all.iter().map(|c| c.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert!(all.iter().all(|c| c.status().as_u16() >= 400));
    }

    #[test]
    fn internal_causes_never_reach_the_problem_body() {
        let e = ApiError::internal("relation \"organisations\" does not exist");
        let body = e.problem(Lang::En, Some("/v1/x"), None).to_string();
        assert!(!body.contains("relation"), "{body}");
        assert!(body.contains("internal_error"));
    }
}
