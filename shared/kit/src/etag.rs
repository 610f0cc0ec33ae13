//! Optimistic concurrency: reads carry `ETag: "<version>"`, updates must send it
//! back in `If-Match`, and a stale version is refused with 412 (no lost update).
//! [`ok`] and [`created`] are the one answer of a versioned record.

use crate::error::{ApiError, Code};
use actix_web::dev::Payload;
use actix_web::http::header::{ETAG, IF_MATCH, LOCATION};
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};
use serde::Serialize;
use std::future::{ready, Ready};

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// 200 with the record and its `ETag`.
pub fn ok<T: Serialize>(record: &T, version: i32) -> HttpResponse {
    answer(HttpResponse::Ok(), record, version)
}

/// 201 with the record, its `ETag` and its `Location`.
pub fn created<T: Serialize>(location: &str, record: &T, version: i32) -> HttpResponse {
    let mut res = HttpResponse::Created();
    res.insert_header((LOCATION, location));
    answer(res, record, version)
}

fn answer<T: Serialize>(mut res: HttpResponseBuilder, record: &T, version: i32) -> HttpResponse {
    res.insert_header((ETAG, etag(version))).json(record)
}

/// A request's `If-Match` header. The extractor never fails: the header is judged
/// in [`IfMatch::check`], inside the handler, so that a malformed body is reported
/// (400) before a stale or missing version (412/428).
#[derive(Clone, Copy, Debug)]
pub enum IfMatch {
    Missing,
    /// `If-Match: *` (RFC 9110: any current version): a client that sends it opts
    /// out of lost-update protection knowingly.
    Any,
    Version(i32),
    /// An entity tag that names no version of ours: it can never match.
    Unmatchable,
}

impl IfMatch {
    /// 428 without the header, 412 unless the caller read the stored `current` version.
    pub fn check(self, current: i32) -> Result<(), ApiError> {
        match self {
            IfMatch::Any => Ok(()),
            IfMatch::Version(v) if v == current => Ok(()),
            IfMatch::Missing => Err(ApiError::new(Code::PRECONDITION_REQUIRED).with_detail(
                "Envoyez l'ETag lu dans l'en-tête If-Match.",
                "Send the ETag you read in the If-Match header.",
            )),
            IfMatch::Version(_) | IfMatch::Unmatchable => Err(stale()),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<IfMatch, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let value = req.headers().get(IF_MATCH).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
        ready(Ok(match value {
            None => IfMatch::Missing,
            Some("*") => IfMatch::Any,
            Some(v) => v
                .trim_start_matches("W/")
                .trim_matches('"')
                .parse::<i32>()
                .map_or(IfMatch::Unmatchable, IfMatch::Version),
        }))
    }
}

/// 412: the stored version is no longer the one the caller read.
pub fn stale() -> ApiError {
    ApiError::new(Code::PRECONDITION_FAILED).with_detail(
        "La ressource a été modifiée depuis votre lecture : relisez-la puis réessayez.",
        "The resource changed since you read it: read it again, then retry.",
    )
}
