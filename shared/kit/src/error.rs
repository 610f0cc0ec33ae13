//! One error type for every service, rendered as RFC 9457 `application/problem+json`.
//!
//! A [`Code`] is a stable machine code with its HTTP status and its title in French
//! and English. The kit declares the generic codes below ([`Code::KIT`]); a service
//! declares its own next to the rules that raise them (e.g. the registry's
//! `duplicate_organisation`) and lists them in its `ServiceDef`, so that adding one
//! never means editing the kit. Handlers return `Result<_, ApiError>`; the problem
//! middleware (`http::problem`) renders the body in the caller's language and adds
//! the request path and id. Internal causes (SQL, I/O) are logged, never sent.

use crate::i18n::{Lang, Msg};
use crate::validate::Violations;
use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Map, Value};
use std::fmt;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A stable machine code: its HTTP status, and its title in French and English.
/// (A reference to its definition, so that an `ApiError` stays small.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code(&'static CodeDef);

#[derive(Debug, PartialEq, Eq)]
pub struct CodeDef {
    status: u16,
    name: &'static str,
    title_fr: &'static str,
    title_en: &'static str,
}

impl CodeDef {
    pub const fn new(status: u16, name: &'static str, title_fr: &'static str, title_en: &'static str) -> CodeDef {
        CodeDef { status, name, title_fr, title_en }
    }
}

impl Code {
    /// `pub const MY_CODE: Code = Code::new(&CodeDef::new(409, "my_code", "…", "…"));`
    pub const fn new(def: &'static CodeDef) -> Code {
        Code(def)
    }

    pub const MALFORMED_REQUEST: Code =
        Code::new(&CodeDef::new(400, "malformed_request", "Requête mal formée", "Malformed request"));
    pub const VALIDATION_FAILED: Code =
        Code::new(&CodeDef::new(422, "validation_failed", "Données invalides", "Invalid data"));
    pub const UNAUTHENTICATED: Code =
        Code::new(&CodeDef::new(401, "unauthenticated", "Authentification requise", "Authentication required"));
    pub const FORBIDDEN: Code = Code::new(&CodeDef::new(403, "forbidden", "Accès refusé", "Access denied"));
    pub const TENANT_NOT_FOUND: Code =
        Code::new(&CodeDef::new(404, "tenant_not_found", "Partenaire inconnu", "Unknown tenant"));
    pub const NOT_FOUND: Code =
        Code::new(&CodeDef::new(404, "not_found", "Ressource introuvable", "Resource not found"));
    pub const ROUTE_NOT_FOUND: Code =
        Code::new(&CodeDef::new(404, "route_not_found", "Adresse inconnue", "Unknown route"));
    pub const METHOD_NOT_ALLOWED: Code =
        Code::new(&CodeDef::new(405, "method_not_allowed", "Méthode non autorisée", "Method not allowed"));
    pub const NOT_ACCEPTABLE: Code = Code::new(&CodeDef::new(
        406,
        "not_acceptable",
        "Format de réponse non disponible",
        "Response format not available",
    ));
    pub const CONFLICT: Code = Code::new(&CodeDef::new(409, "conflict", "Conflit", "Conflict"));
    pub const PRECONDITION_FAILED: Code =
        Code::new(&CodeDef::new(412, "precondition_failed", "Version périmée", "Stale version"));
    pub const PAYLOAD_TOO_LARGE: Code = Code::new(&CodeDef::new(
        413,
        "payload_too_large",
        "Corps de requête trop volumineux",
        "Request body too large",
    ));
    pub const UNSUPPORTED_MEDIA_TYPE: Code = Code::new(&CodeDef::new(
        415,
        "unsupported_media_type",
        "Type de contenu non pris en charge",
        "Unsupported content type",
    ));
    pub const PRECONDITION_REQUIRED: Code =
        Code::new(&CodeDef::new(428, "precondition_required", "En-tête If-Match requis", "If-Match header required"));
    pub const IDEMPOTENCY_KEY_REQUIRED: Code = Code::new(&CodeDef::new(
        400,
        "idempotency_key_required",
        "En-tête Idempotency-Key obligatoire",
        "Idempotency-Key header required",
    ));
    pub const RATE_LIMITED: Code =
        Code::new(&CodeDef::new(429, "rate_limited", "Trop de requêtes", "Too many requests"));
    pub const INTERNAL: Code = Code::new(&CodeDef::new(500, "internal_error", "Erreur interne", "Internal error"));
    pub const UPSTREAM_ERROR: Code = Code::new(&CodeDef::new(
        502,
        "upstream_error",
        "Réponse invalide d'un service",
        "Invalid answer from a service",
    ));
    pub const DATABASE_UNAVAILABLE: Code =
        Code::new(&CodeDef::new(503, "database_unavailable", "Base de données indisponible", "Database unavailable"));
    pub const DATABASE_BUSY: Code =
        Code::new(&CodeDef::new(503, "database_busy", "Base de données occupée", "Database busy"));
    pub const UPSTREAM_UNAVAILABLE: Code = Code::new(&CodeDef::new(
        503,
        "upstream_unavailable",
        "Service dépendant indisponible",
        "Dependent service unavailable",
    ));
    pub const UPSTREAM_TIMEOUT: Code =
        Code::new(&CodeDef::new(504, "upstream_timeout", "Service dépendant trop lent", "Dependent service timed out"));

    /// Every code the kit itself raises; a service adds its own in its `ServiceDef`.
    pub const KIT: &'static [Code] = &[
        Code::MALFORMED_REQUEST,
        Code::VALIDATION_FAILED,
        Code::UNAUTHENTICATED,
        Code::FORBIDDEN,
        Code::TENANT_NOT_FOUND,
        Code::NOT_FOUND,
        Code::ROUTE_NOT_FOUND,
        Code::METHOD_NOT_ALLOWED,
        Code::NOT_ACCEPTABLE,
        Code::CONFLICT,
        Code::PRECONDITION_FAILED,
        Code::PAYLOAD_TOO_LARGE,
        Code::UNSUPPORTED_MEDIA_TYPE,
        Code::PRECONDITION_REQUIRED,
        Code::IDEMPOTENCY_KEY_REQUIRED,
        Code::RATE_LIMITED,
        Code::INTERNAL,
        Code::UPSTREAM_ERROR,
        Code::DATABASE_UNAVAILABLE,
        Code::DATABASE_BUSY,
        Code::UPSTREAM_UNAVAILABLE,
        Code::UPSTREAM_TIMEOUT,
    ];

    pub fn status(self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    pub fn title(self, lang: Lang) -> &'static str {
        lang.pick(self.0.title_fr, self.0.title_en)
    }

    /// The code a bare error response (one not built from an `ApiError`) stands for.
    pub fn for_status(status: StatusCode) -> Code {
        match status.as_u16() {
            400 => Code::MALFORMED_REQUEST,
            401 => Code::UNAUTHENTICATED,
            403 => Code::FORBIDDEN,
            404 => Code::ROUTE_NOT_FOUND,
            405 => Code::METHOD_NOT_ALLOWED,
            406 => Code::NOT_ACCEPTABLE,
            409 => Code::CONFLICT,
            412 => Code::PRECONDITION_FAILED,
            413 => Code::PAYLOAD_TOO_LARGE,
            415 => Code::UNSUPPORTED_MEDIA_TYPE,
            422 => Code::VALIDATION_FAILED,
            428 => Code::PRECONDITION_REQUIRED,
            429 => Code::RATE_LIMITED,
            502 => Code::UPSTREAM_ERROR,
            503 => Code::UPSTREAM_UNAVAILABLE,
            504 => Code::UPSTREAM_TIMEOUT,
            _ => Code::INTERNAL,
        }
    }

    /// Checks a service's codes against the kit's and each other: a machine code
    /// names one problem only, and every code is an error status.
    pub fn check_table(service: &[Code]) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::KIT.iter().chain(service) {
            let CodeDef { status, name, .. } = code.0;
            if !seen.insert(*name) {
                return Err(format!("error code {name:?} is declared twice"));
            }
            if !(400..=599).contains(status) {
                return Err(format!("error code {name:?} has the non-error status {status}"));
            }
        }
        Ok(())
    }
}

/// The internal cause of an error, kept for the log and for the database layer
/// (which decides retries from a diesel error's kind).
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug)]
pub struct ApiError {
    pub code: Code,
    /// Boxed to keep `Result<_, ApiError>` small on the happy path.
    pub detail: Option<Box<Msg>>,
    pub violations: Violations,
    /// Extra members of the problem object (e.g. `existing` for a duplicate).
    pub extra: Map<String, Value>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Logged by the problem middleware, never sent to a client.
    pub cause: Option<Cause>,
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

    /// A cause given as text (its kind is of no further use).
    pub fn with_cause(self, cause: impl fmt::Display) -> ApiError {
        self.with_source(cause.to_string().into())
    }

    /// A cause kept as the error it is, so that code further out can look at it.
    pub fn with_source(mut self, cause: Cause) -> ApiError {
        self.cause = Some(cause);
        self
    }

    /// The cause, if it is an error of type `E`.
    pub fn cause_as<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.cause.as_deref().and_then(|c| c.downcast_ref::<E>())
    }

    /// One invalid field, for checks that are not part of a body's `validate()`.
    pub fn invalid_field(field: &str, code: &'static str, fr: impl Into<String>, en: impl Into<String>) -> ApiError {
        let mut v = Violations::new();
        v.add(field, code, Msg::new(fr, en));
        ApiError::from(v)
    }

    pub fn not_found(what_fr: &str, what_en: &str) -> ApiError {
        ApiError::new(Code::NOT_FOUND).with_detail(format!("{what_fr} introuvable."), format!("{what_en} not found."))
    }

    pub fn forbidden() -> ApiError {
        ApiError::new(Code::FORBIDDEN)
            .with_detail("Votre rôle ne permet pas cette opération.", "Your role does not allow this operation.")
    }

    pub fn too_large() -> ApiError {
        ApiError::new(Code::PAYLOAD_TOO_LARGE).with_detail(
            "Le corps de la requête dépasse la taille autorisée.",
            "The request body exceeds the allowed size.",
        )
    }

    /// 503 that tells the client when to come back.
    pub fn retry_later(code: Code, seconds: u64) -> ApiError {
        ApiError::new(code)
            .with_detail(format!("Réessayez dans {seconds} s."), format!("Retry in {seconds} s."))
            .with_header(RETRY_AFTER, &seconds.to_string())
    }

    pub fn internal(cause: impl fmt::Display) -> ApiError {
        ApiError::new(Code::INTERNAL).with_cause(cause)
    }

    /// The problem object in `lang`, with the request path and id when known.
    pub fn problem(&self, lang: Lang, instance: Option<&str>, request_id: Option<&str>) -> Value {
        let code = self.code.as_str();
        let mut body = json!({
            "type": format!("urn:modal:problem:{code}"),
            "title": self.code.title(lang),
            "status": self.code.0.status,
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
        res.insert_header(("content-language", lang.tag()));
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.body(self.problem(lang, instance, request_id).to_string())
    }
}

impl From<Violations> for ApiError {
    fn from(violations: Violations) -> ApiError {
        let n = violations.len();
        let mut e = ApiError::new(Code::VALIDATION_FAILED)
            .with_detail(format!("{n} champ(s) à corriger."), format!("{n} field(s) to correct."));
        e.violations = violations;
        e
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kit_codes_are_distinct_error_statuses() {
        assert!(Code::check_table(&[]).is_ok());
    }

    #[test]
    fn a_service_cannot_declare_a_kit_code_again_or_a_non_error_status() {
        const AGAIN: Code = Code::new(&CodeDef::new(409, "conflict", "Doublon", "Duplicate"));
        assert!(Code::check_table(&[AGAIN]).unwrap_err().contains("conflict"));
        const FINE: Code = Code::new(&CodeDef::new(200, "fine", "Bien", "Fine"));
        assert!(Code::check_table(&[FINE]).is_err());
        const OWN: Code = Code::new(&CodeDef::new(409, "duplicate_thing", "Doublon", "Duplicate"));
        assert!(Code::check_table(&[OWN]).is_ok());
    }

    #[test]
    fn internal_causes_never_reach_the_problem_body() {
        let e = ApiError::internal("relation \"organisations\" does not exist");
        let body = e.problem(Lang::En, Some("/v1/x"), None).to_string();
        assert!(!body.contains("relation"), "{body}");
        assert!(body.contains("internal_error"));
    }

    #[test]
    fn a_cause_kept_as_an_error_can_be_looked_at_again() {
        let e = ApiError::internal("x").with_source(Box::new(std::io::Error::other("disk")));
        assert!(e.cause_as::<std::io::Error>().is_some());
        assert!(ApiError::internal("x").cause_as::<std::io::Error>().is_none());
    }
}
