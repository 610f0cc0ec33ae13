//! Keyset pagination: a page holds at most `limit` items after an opaque cursor,
//! and `next` is the link to the following page (absent on the last one). Keyset
//! rather than offset pagination keeps deep pages as fast as the first and stable
//! while rows are added.

use crate::error::ApiError;
use actix_web::http::header::ContentType;
use actix_web::HttpResponse;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// Checks `limit` (1..=200, default 50): out of range is refused, not clamped, so
/// the caller learns its page will not be what it asked.
pub fn limit(requested: Option<i64>) -> Result<i64, ApiError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::invalid_field(
            "limit",
            "out_of_range",
            format!("La taille de page doit être entre 1 et {MAX_LIMIT}."),
            format!("The page size must be between 1 and {MAX_LIMIT}."),
        )),
    }
}

pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

pub fn decode_cursor(cursor: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(c) = cursor else { return Ok(None) };
    URL_SAFE_NO_PAD.decode(c).ok().and_then(|b| String::from_utf8(b).ok()).map(Some).ok_or_else(|| {
        ApiError::invalid_field("after", "invalid_cursor", "Curseur de page invalide.", "Invalid page cursor.")
    })
}

/// `path?query` for a next-page link, the query re-serialised with its cursor.
pub fn link<Q: Serialize>(path: &str, query: &Q) -> String {
    format!("{path}?{}", serde_urlencoded::to_string(query).unwrap_or_default())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Link to the next page, or null on the last page.
    pub next: Option<String>,
}

impl<T: Serialize> Page<T> {
    /// The page as a 200 JSON answer. Its buffer is sized for the page up front
    /// (about 600 bytes an item): a page of 50 is some 30 KB, and growing a small
    /// buffer by doubling copied it eight times and took large blocks from malloc.
    pub fn respond(&self) -> HttpResponse {
        let mut body = Vec::with_capacity(256 + self.items.len() * 640);
        match serde_json::to_writer(&mut body, self) {
            Ok(()) => HttpResponse::Ok().content_type(ContentType::json()).body(body),
            // Carrying the error, so that the problem middleware renders and logs it.
            Err(e) => HttpResponse::from_error(ApiError::internal(e)),
        }
    }
}

/// Builds a page from up to `limit + 1` rows: the extra row only tells that a next
/// page exists. `link` receives the cursor of the last item kept.
pub fn page<T>(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> String, link: impl Fn(String) -> String) -> Page<T> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|last| link(encode_cursor(&key(last)))) } else { None };
    Page { items: rows, next }
}
