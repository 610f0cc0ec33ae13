//! Optimistic concurrency: reads carry `ETag: "<version>"`, updates must send it
//! back in `If-Match`, and a stale version is refused with 412 (no lost update).

use crate::error::{ApiError, Code};
use actix_web::dev::Payload;
use actix_web::http::header::IF_MATCH;
use actix_web::{FromRequest, HttpRequest};
use std::future::{ready, Ready};

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The version named by a request's `If-Match` header (required).
#[derive(Clone, Copy, Debug)]
pub struct IfMatch(pub i32);

impl IfMatch {
    /// 412 unless the stored `current` version is the one the caller read.
    pub fn check(self, current: i32) -> Result<(), ApiError> {
        if self.0 == current {
            Ok(())
        } else {
            Err(stale())
        }
    }
}

/// 412: the stored version is no longer the one the caller read.
pub fn stale() -> ApiError {
    ApiError::new(Code::PreconditionFailed).with_detail(
        "La ressource a été modifiée depuis votre lecture : relisez-la puis réessayez.",
        "The resource changed since you read it: read it again, then retry.",
    )
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<IfMatch, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = match req.headers().get(IF_MATCH).and_then(|v| v.to_str().ok()) {
            None => Err(ApiError::new(Code::PreconditionRequired).with_detail(
                "Envoyez l'ETag lu dans l'en-tête If-Match.",
                "Send the ETag you read in the If-Match header.",
            )),
            Some(v) => v.trim().trim_start_matches("W/").trim_matches('"').parse::<i32>().map(IfMatch).map_err(|_| {
                ApiError::new(Code::PreconditionFailed)
                    .with_detail("If-Match ne correspond à aucune version.", "If-Match names no version.")
            }),
        };
        ready(parsed)
    }
}
