//! The problem middleware: every error response leaves as problem+json in the
//! caller's language, with the request path and id, whoever produced it (a handler's
//! `ApiError`, an extractor, or actix itself for 404/405/413). Internal causes are
//! logged here, once, and never sent.

use crate::error::{ApiError, Code, PROBLEM_JSON};
use crate::i18n::Lang;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use opentelemetry::trace::TraceContextExt;
use tracing_actix_web::RequestId;
use tracing_opentelemetry::OpenTelemetrySpanExt;

pub async fn render_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let lang = Lang::from_headers(req.headers());
    let path = req.path().to_owned();
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let trace_id = tracing::Span::current().context().span().span_context().trace_id().to_string();

    // (No clone of the request may be held across `next.call`: routing needs
    // sole ownership of it. Errors raised before a handler runs still arrive as
    // responses carrying their error, which is what we re-render.)
    let mut res = next.call(req).await?.map_into_boxed_body();
    if res.status().as_u16() >= 400 {
        res = rerender(res, lang, &path, request_id.as_deref());
    }
    let headers = res.headers_mut();
    if let Some(id) = request_id.as_deref().and_then(|id| HeaderValue::from_str(id).ok()) {
        headers.insert(header::HeaderName::from_static("x-request-id"), id);
    }
    if let Ok(v) = HeaderValue::from_str(&trace_id) {
        headers.insert(header::HeaderName::from_static("x-trace-id"), v);
    }
    Ok(res)
}

fn rerender(
    res: ServiceResponse<BoxBody>,
    lang: Lang,
    path: &str,
    request_id: Option<&str>,
) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let api_error = res.response().error().and_then(|e| e.as_error::<ApiError>());
    let rendered = match api_error {
        Some(e) => {
            log(status.as_u16(), e.code.as_str(), e.cause.as_ref().map(|c| c.to_string()).as_deref());
            e.render(lang, Some(path), request_id)
        }
        None => {
            // A problem already, or a page a handler wrote for a person (training's
            // certificate check answers an unknown code with a page): left as is.
            let kept = res.headers().get(header::CONTENT_TYPE).is_some_and(|ct| {
                ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()) || ct.as_bytes().starts_with(b"text/html")
            });
            if kept {
                return res;
            }
            let cause = res.response().error().map(|e| e.to_string());
            log(status.as_u16(), "bare_error", cause.as_deref());
            let mut fresh = ApiError::new(Code::for_status(status)).render(lang, Some(path), request_id);
            // Keep what actix said besides the body (e.g. `Allow` on a 405), but the
            // status stays the one actix chose.
            *fresh.status_mut() = status;
            for (name, value) in res.headers() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    fresh.headers_mut().insert(name.clone(), value.clone());
                }
            }
            fresh
        }
    };
    let (req, _) = res.into_parts();
    ServiceResponse::new(req, rendered)
}

fn log(status: u16, code: &str, cause: Option<&str>) {
    if status >= 500 {
        tracing::error!(status, code, cause = cause.unwrap_or(""), "request failed");
    } else {
        tracing::debug!(status, code, cause = cause.unwrap_or(""), "request refused");
    }
}

/// Extractor configurations that route actix's own body, query and path errors
/// through `ApiError`, with explicit size limits.
pub mod extractors {
    use crate::error::{ApiError, Code};
    use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
    use actix_web::web;

    /// Default JSON body limit: records are small; CSV imports have their own limit.
    pub const JSON_LIMIT: usize = 64 * 1024;

    pub fn json(limit: usize) -> web::JsonConfig {
        web::JsonConfig::default().limit(limit).error_handler(|err, _| json_error(err).into())
    }

    pub fn query() -> web::QueryConfig {
        web::QueryConfig::default().error_handler(|err, _| query_error(err).into())
    }

    pub fn path() -> web::PathConfig {
        web::PathConfig::default().error_handler(|err, _| path_error(err).into())
    }

    fn json_error(err: JsonPayloadError) -> ApiError {
        match err {
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => ApiError::too_large(),
            JsonPayloadError::ContentType => ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE).with_detail(
                "Le corps doit être du JSON (Content-Type: application/json).",
                "The body must be JSON (Content-Type: application/json).",
            ),
            JsonPayloadError::Deserialize(e) => ApiError::new(Code::MALFORMED_REQUEST)
                .with_detail(format!("JSON invalide : {e}"), format!("Invalid JSON: {e}")),
            JsonPayloadError::Payload(actix_web::error::PayloadError::Overflow) => ApiError::too_large(),
            other => ApiError::new(Code::MALFORMED_REQUEST)
                .with_detail("Corps de requête illisible.", "Unreadable request body.")
                .with_cause(other),
        }
    }

    fn query_error(err: QueryPayloadError) -> ApiError {
        let QueryPayloadError::Deserialize(e) = err else {
            return ApiError::new(Code::MALFORMED_REQUEST);
        };
        ApiError::new(Code::MALFORMED_REQUEST)
            .with_detail(format!("Paramètres de requête invalides : {e}"), format!("Invalid query parameters: {e}"))
    }

    fn path_error(err: PathError) -> ApiError {
        ApiError::new(Code::MALFORMED_REQUEST)
            .with_detail("Segment d'adresse invalide.", "Invalid path segment.")
            .with_cause(err)
    }
}
