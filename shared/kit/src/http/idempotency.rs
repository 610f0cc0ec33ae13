//! Idempotent creates: a POST to a tenant route that carries `Idempotency-Key` is
//! performed once. A retry with the same key (same tenant, same caller) gets the
//! first answer again — same status, same body, in the language the retry asks
//! for — marked `Idempotent-Replayed: true`; the same key with a different request
//! (method, path, query or body) is refused (422); a retry while the first is
//! still running gets 409. Keys are kept 48 hours, in the kit's `idempotency_keys`.
//!
//! The caller is resolved before a key is claimed: a valid token that does not
//! grant the tenant, or a tenant past its request budget, is refused without
//! touching the table, and a caller who may not write there at all is left to the
//! route's own refusal. Only answers a retry should see again are kept: a success,
//! or a refusal of the request itself (400, 404, 409, 412, 422, …). Answers that
//! say "not you", "not now" or "not this size" (401, 403, 408, 413, 429) and
//! failures (5xx) release the key, so the retry runs.

use crate::auth::TenantScope;
use crate::db::{AnyConnection, Db};
use crate::error::{ApiError, Code};
use crate::i18n::Lang;
use crate::on_engine;
use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_LANGUAGE, CONTENT_TYPE, ETAG, LOCATION};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse};
use chrono::Duration;
use diesel::prelude::*;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

diesel::table! {
    idempotency_keys (tenant_id, caller, key) {
        tenant_id -> Text,
        caller -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        response_headers -> Nullable<Text>,
        created_at -> Timestamp,
        response_body_en -> Nullable<Text>,
    }
}

pub const HEADER: &str = "idempotency-key";
const MAX_BODY: usize = 5 * 1024 * 1024;
const KEEP_HOURS: i64 = 48;

/// A stored answer: status, body (French for a problem), headers, English body.
type Stored = (Option<i32>, Option<String>, Option<String>, Option<String>);

enum Claim {
    /// This request holds the key: run it.
    Fresh,
    /// Answered before: replay it.
    Done(Stored),
}

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = req.headers().get(HEADER).map(|v| v.to_str().map(str::to_string));
    let tenant_route = crate::auth::tenant_of_path(req.path()).is_some();
    let (Some(key), true, true) = (key, tenant_route, req.method() == Method::POST) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(k) if !k.is_empty() && k.len() <= 255 => k,
        _ => return Ok(req.error_response(bad_key())),
    };
    let scope = match TenantScope::resolve(req.request()).await {
        Ok(scope) => scope,
        Err(e) => return Ok(req.error_response(e)),
    };
    let Some(db) = req.app_data::<web::Data<Db>>().cloned().filter(|_| scope.may_write()) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let body = match read_body(&mut req).await {
        Ok(b) => b,
        Err(e) => return Ok(req.error_response(e)),
    };
    let hash = fingerprint(req.method(), req.path(), req.query_string(), &body);
    let (k, h) = (key.clone(), hash);
    let claimed = db.write_as(scope.actor(), move |c, actor| claim(c, &actor.tenant, &actor.subject, &k, &h)).await;
    match claimed {
        Err(e) => return Ok(req.error_response(e)),
        Ok(Claim::Done(stored)) => {
            let lang = Lang::from_headers(req.headers());
            return Ok(req.into_response(replay(stored, lang)));
        }
        Ok(Claim::Fresh) => {}
    }
    let mut payload = actix_http::h1::Payload::create(true).1;
    payload.unread_data(body);
    req.set_payload(payload.into());
    let res = next.call(req).await?;
    let status = res.status();
    let headers: Vec<(String, String)> = [CONTENT_TYPE, LOCATION, ETAG]
        .iter()
        .filter_map(|n| res.headers().get(n).and_then(|v| v.to_str().ok()).map(|v| (n.to_string(), v.to_string())))
        .collect();
    // Errors (ApiError) are rendered by the problem middleware outside this one, so
    // an error is stored as the problem it becomes, in both languages.
    let (http_req, response) = res.into_parts();
    let problem = response
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|e| (e.problem(Lang::Fr, None, None).to_string(), e.problem(Lang::En, None, None).to_string()));
    let (head, body) = response.into_parts();
    let bytes = to_bytes(body).await.map_err(|_| actix_web::error::ErrorInternalServerError("response body"))?;
    let (fr, en) =
        problem.map_or_else(|| (String::from_utf8_lossy(&bytes).into_owned(), None), |(fr, en)| (fr, Some(en)));
    let outcome = if worth_replaying(status) {
        let headers = serde_json::to_string(&headers).unwrap_or_default();
        let stored = (Some(i32::from(status.as_u16())), Some(fr), Some(headers), en);
        db.write_as(scope.actor(), move |c, a| complete(c, &a.tenant, &a.subject, &key, stored)).await
    } else {
        db.write_as(scope.actor(), move |c, a| release(c, &a.tenant, &a.subject, &key)).await
    };
    if let Err(e) = outcome {
        tracing::error!(error = %e, "idempotency record not saved");
    }
    Ok(ServiceResponse::new(http_req, head.set_body(bytes).map_into_boxed_body()))
}

/// Whether a retry with the same key should get this answer again.
fn worth_replaying(status: StatusCode) -> bool {
    let not_about_the_request = [401, 403, 408, 413, 429];
    status.is_success() || (status.is_client_error() && !not_about_the_request.contains(&status.as_u16()))
}

/// What makes two requests the same: method, path, query and body.
fn fingerprint(method: &Method, path: &str, query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [method.as_str().as_bytes(), path.as_bytes(), b"?", query.as_bytes(), b"\n", body] {
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn replay((status, body, headers, body_en): Stored, lang: Lang) -> HttpResponse {
    let status = status.and_then(|s| StatusCode::from_u16(s as u16).ok()).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    let headers: Vec<(String, String)> = headers.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default();
    for (n, v) in headers {
        res.insert_header((n, v));
    }
    res.insert_header(("idempotent-replayed", "true"));
    let body = match (lang, body_en) {
        (Lang::En, Some(en)) => {
            res.insert_header((CONTENT_LANGUAGE, "en"));
            en
        }
        (_, Some(_)) => {
            res.insert_header((CONTENT_LANGUAGE, "fr"));
            body.unwrap_or_default()
        }
        (_, None) => body.unwrap_or_default(),
    };
    res.body(body)
}

fn claim(conn: &mut AnyConnection, tenant: &str, caller: &str, key: &str, hash: &str) -> Result<Claim, ApiError> {
    use idempotency_keys as k;
    let now = crate::clock::now();
    let expired = now - Duration::hours(KEEP_HOURS);
    let existing: Option<(String, Stored)> = on_engine!(conn, |c| {
        diesel::delete(k::table.filter(k::tenant_id.eq(tenant)).filter(k::created_at.lt(expired))).execute(c)?;
        k::table
            .filter(k::tenant_id.eq(tenant))
            .filter(k::caller.eq(caller))
            .filter(k::key.eq(key))
            .select((k::request_hash, (k::status, k::response_body, k::response_headers, k::response_body_en)))
            .first(c)
            .optional()
    })?;
    match existing {
        None => {
            let row = (
                k::tenant_id.eq(tenant),
                k::caller.eq(caller),
                k::key.eq(key),
                k::request_hash.eq(hash),
                k::created_at.eq(now),
            );
            on_engine!(conn, |c| diesel::insert_into(k::table).values(row).execute(c)).map_err(|e| match e {
                // Another request took the key between our read and our insert.
                diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                    in_flight()
                }
                other => other.into(),
            })?;
            Ok(Claim::Fresh)
        }
        Some((h, _)) if h != hash => Err(ApiError::new(Code::VALIDATION_FAILED)
            .with_detail(
                "Cette clé d'idempotence a déjà servi pour une autre requête.",
                "This idempotency key was already used for a different request.",
            )
            .with_extra("reason", "idempotency_key_reused".into())),
        Some((_, (None, ..))) => Err(in_flight()),
        Some((_, stored)) => Ok(Claim::Done(stored)),
    }
}

fn complete(conn: &mut AnyConnection, tenant: &str, caller: &str, key: &str, s: Stored) -> Result<(), ApiError> {
    use idempotency_keys as k;
    let (status, body, headers, body_en) = s;
    let target = k::table.filter(k::tenant_id.eq(tenant)).filter(k::caller.eq(caller)).filter(k::key.eq(key));
    let values = (
        k::status.eq(status),
        k::response_body.eq(body),
        k::response_headers.eq(headers),
        k::response_body_en.eq(body_en),
    );
    on_engine!(conn, |c| diesel::update(target).set(values).execute(c))?;
    Ok(())
}

fn release(conn: &mut AnyConnection, tenant: &str, caller: &str, key: &str) -> Result<(), ApiError> {
    use idempotency_keys as k;
    let target = k::table.filter(k::tenant_id.eq(tenant)).filter(k::caller.eq(caller)).filter(k::key.eq(key));
    on_engine!(conn, |c| diesel::delete(target).execute(c))?;
    Ok(())
}

/// Erasure of personal data: every kept answer (and request fingerprint) that
/// mentions `needle` — a person's record id — is blanked. A retry with its key
/// then gets `{"redacted": true}` with the first answer's status.
pub fn redact(conn: &mut AnyConnection, tenant: &str, needle: &str) -> Result<usize, ApiError> {
    use idempotency_keys as k;
    let pattern = crate::text::contains_pattern(needle);
    let mentions = k::response_body
        .like(pattern.clone())
        .escape('\\')
        .or(k::response_headers.like(pattern).escape('\\'))
        .assume_not_null();
    let blank = Some("{\"redacted\":true}");
    let values = (k::response_body.eq(blank), k::response_body_en.eq(None::<String>), k::request_hash.eq("redacted"));
    let n = on_engine!(conn, |c| diesel::update(k::table.filter(k::tenant_id.eq(tenant)).filter(mentions))
        .set(values)
        .execute(c))?;
    Ok(n)
}

/// The statuses of the answers kept for `tenant` (`None`: a request still running),
/// for operators and tests: what a retry would be answered.
pub async fn kept(db: &Db, tenant: &str) -> Result<Vec<Option<i32>>, ApiError> {
    use idempotency_keys as k;
    db.read_in(tenant, |conn, tenant| {
        Ok(on_engine!(conn, |c| k::table.filter(k::tenant_id.eq(tenant)).select(k::status).load(c))?)
    })
    .await
}

fn in_flight() -> ApiError {
    ApiError::new(Code::CONFLICT).with_detail(
        "Une requête avec cette clé d'idempotence est en cours ; réessayez dans un instant.",
        "A request with this idempotency key is in progress; retry in a moment.",
    )
}

/// For a route that must not run twice (a payment): 400 unless the request
/// carries an `Idempotency-Key` (checked, claimed and replayed by [`guard`]).
pub fn required(req: &actix_web::HttpRequest) -> Result<(), ApiError> {
    if req.headers().contains_key(HEADER) {
        return Ok(());
    }
    Err(ApiError::new(Code::IDEMPOTENCY_KEY_REQUIRED).with_detail(
        "Cette opération exige un en-tête Idempotency-Key (une clé unique par opération, réutilisée pour la réessayer).",
        "This operation requires an Idempotency-Key header (one key per operation, sent again to retry it).",
    ))
}

fn bad_key() -> ApiError {
    ApiError::new(Code::MALFORMED_REQUEST).with_detail(
        "Idempotency-Key doit faire de 1 à 255 caractères.",
        "Idempotency-Key must be 1 to 255 characters.",
    )
}

async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, ApiError> {
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::new(Code::MALFORMED_REQUEST).with_cause(e))?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_part_of_what_makes_a_request_the_same() {
        let a = fingerprint(&Method::POST, "/v1/tenants/t/x", "", b"{}");
        let b = fingerprint(&Method::POST, "/v1/tenants/t/x", "confirm_distinct=true", b"{}");
        assert_ne!(a, b);
        assert_eq!(a, fingerprint(&Method::POST, "/v1/tenants/t/x", "", b"{}"));
    }

    #[test]
    fn only_answers_about_the_request_itself_are_replayed() {
        for kept in [200, 201, 400, 404, 409, 412, 422] {
            assert!(worth_replaying(StatusCode::from_u16(kept).unwrap()), "{kept}");
        }
        for released in [401, 403, 408, 413, 429, 500, 502, 503, 504] {
            assert!(!worth_replaying(StatusCode::from_u16(released).unwrap()), "{released}");
        }
    }
}
