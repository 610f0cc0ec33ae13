//! Keyset pagination, and the one list answer: a page holds at most `limit` items
//! after an opaque cursor, and `next` is the link to the following page (absent on
//! the last one). Keyset rather than offset pagination keeps deep pages as fast as
//! the first and stable while rows are added.
//!
//! A handler reads its page window from the query ([`Window::new`]), loads
//! `window.fetch()` rows after `window.after`, ordered by the key, and answers with
//! [`respond`]; the `next` link repeats the request's own query with the cursor
//! replaced, so filters carry over without each list re-serialising them.

use crate::error::ApiError;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// Which page a list request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub limit: i64,
    /// The key of the last item of the previous page (decoded from the cursor).
    pub after: Option<String>,
}

impl Window {
    /// Checks `limit` (1..=200, default 50; out of range is refused, not clamped,
    /// so the caller learns its page will not be what it asked) and decodes the
    /// `after` cursor.
    pub fn new(limit: Option<i64>, after: Option<&str>) -> Result<Window, ApiError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                return Err(ApiError::invalid_field(
                    "limit",
                    "out_of_range",
                    format!("La taille de page doit être entre 1 et {MAX_LIMIT}."),
                    format!("The page size must be between 1 and {MAX_LIMIT}."),
                ))
            }
        };
        Ok(Window { limit, after: decode_cursor(after)? })
    }

    /// How many rows to load: one more than a page, to tell whether a next page exists.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }
}

pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

fn decode_cursor(cursor: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(c) = cursor else { return Ok(None) };
    URL_SAFE_NO_PAD.decode(c).ok().and_then(|b| String::from_utf8(b).ok()).map(Some).ok_or_else(|| {
        ApiError::invalid_field("after", "invalid_cursor", "Curseur de page invalide.", "Invalid page cursor.")
    })
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

/// The list answer: up to `window.fetch()` items (the extra one only tells that a
/// next page exists), with the link to the next page built from `req`'s own path
/// and query, its cursor set to the key of the last item kept.
pub fn respond<T: Serialize>(
    req: &HttpRequest,
    window: &Window,
    mut items: Vec<T>,
    key: impl Fn(&T) -> &str,
) -> HttpResponse {
    let more = items.len() as i64 > window.limit;
    items.truncate(window.limit as usize);
    let next = match items.last() {
        Some(last) if more => Some(next_link(req.path(), req.query_string(), &encode_cursor(key(last)))),
        _ => None,
    };
    Page { items, next }.respond()
}

/// `path?query` with `after` set to `cursor` (and every other parameter kept).
fn next_link(path: &str, query: &str, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.retain(|(k, _)| k != "after");
    pairs.push(("after".into(), cursor.into()));
    format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_keeps_the_filters_and_replaces_the_cursor() {
        assert_eq!(next_link("/v1/x", "q=f%C3%A9d&after=old&limit=2", "new"), "/v1/x?q=f%C3%A9d&limit=2&after=new");
        assert_eq!(next_link("/v1/x", "", "c"), "/v1/x?after=c");
    }

    #[test]
    fn a_window_refuses_a_page_size_out_of_range_and_a_bad_cursor() {
        assert_eq!(Window::new(None, None).unwrap(), Window { limit: 50, after: None });
        assert!(Window::new(Some(0), None).is_err());
        assert!(Window::new(Some(201), None).is_err());
        assert!(Window::new(None, Some("%%%")).is_err());
        let w = Window::new(Some(3), Some(&encode_cursor("abc"))).unwrap();
        assert_eq!((w.fetch(), w.after.as_deref()), (4, Some("abc")));
    }
}
