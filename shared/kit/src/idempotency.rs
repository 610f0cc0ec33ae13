//! Idempotent creates: a POST to a tenant route that carries `Idempotency-Key` is
//! performed once. A retry with the same key (same tenant, same caller) gets the
//! first answer again — same status, same body — marked `Idempotent-Replayed: true`;
//! the same key with a different request is refused (422); a retry while the first
//! is still running gets 409. Keys are kept 48 hours.
//!
//! Each service's migrations create the `idempotency_keys` table (same columns in
//! every service). A failed attempt (5xx) releases its key, so it can be retried.

use crate::auth::Caller;
use crate::db::Db;
use crate::error::{ApiError, Code};
use crate::tenants::Tenants;
use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, ETAG, LOCATION};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse};
use chrono::{Duration, Utc};
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
    }
}

pub const HEADER: &str = "idempotency-key";
const MAX_BODY: usize = 5 * 1024 * 1024;
const KEEP_HOURS: i64 = 48;

/// A stored key: request hash, then status, body and headers once answered.
type Stored = (String, Option<i32>, Option<String>, Option<String>);

enum Claim {
    /// This request holds the key: run it.
    Fresh,
    /// Answered before: replay (status, body, headers).
    Done(u16, String, Vec<(String, String)>),
}

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = req.headers().get(HEADER).map(|v| v.to_str().map(str::to_string));
    let tenant = req.path().strip_prefix("/v1/tenants/").and_then(|rest| rest.split('/').next()).map(str::to_string);
    let (Some(key), Some(tenant), true) = (key, tenant, req.method() == Method::POST) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(k) if !k.is_empty() && k.len() <= 255 => k,
        _ => return Ok(req.error_response(bad_key())),
    };
    // Unknown tenants and bad tokens are the handler's to refuse.
    let known = req.app_data::<web::Data<Tenants>>().is_some_and(|t| t.get(&tenant).is_some());
    let caller = Caller::verify(req.request()).ok();
    let (Some(caller), true, Some(db)) = (caller, known, req.app_data::<web::Data<Db>>().cloned()) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let body = match read_body(&mut req).await {
        Ok(b) => b,
        Err(e) => return Ok(req.error_response(e)),
    };
    let hash =
        hex(&Sha256::new().chain_update(req.method().as_str()).chain_update(req.path()).chain_update(&body).finalize());
    let (t, c, k, h) = (tenant.clone(), caller.subject.clone(), key.clone(), hash);
    let claim = db.in_tenant(&tenant, move |conn| claim(conn, &t, &c, &k, &h)).await;
    match claim {
        Err(e) => return Ok(req.error_response(e)),
        Ok(Claim::Done(status, body, headers)) => {
            let mut res = HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK));
            for (n, v) in headers {
                res.insert_header((n, v));
            }
            res.insert_header(("idempotent-replayed", "true"));
            return Ok(req.into_response(res.body(body)));
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
    // an error response is stored as the problem it will become.
    let (http_req, response) = res.into_parts();
    let error = response
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|e| e.problem(crate::i18n::Lang::Fr, None, None).to_string());
    let (head, body) = response.into_parts();
    let bytes = to_bytes(body).await.map_err(|_| actix_web::error::ErrorInternalServerError("response body"))?;
    let stored = error.unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned());
    let (t, c, k) = (tenant.clone(), caller.subject.clone(), key);
    let outcome = if status.is_server_error() {
        db.in_tenant(&tenant, move |conn| release(conn, &t, &c, &k)).await
    } else {
        let headers_json = serde_json::to_string(&headers).unwrap_or_default();
        let code = i32::from(status.as_u16());
        db.in_tenant(&tenant, move |conn| complete(conn, &t, &c, &k, code, &stored, &headers_json)).await
    };
    if let Err(e) = outcome {
        tracing::error!(error = %e, "idempotency record not saved");
    }
    Ok(ServiceResponse::new(http_req, head.set_body(bytes).map_into_boxed_body()))
}

fn claim(
    conn: &mut crate::db::AnyConnection,
    tenant: &str,
    caller: &str,
    key: &str,
    hash: &str,
) -> Result<Claim, ApiError> {
    use idempotency_keys as k;
    let expired = Utc::now().naive_utc() - Duration::hours(KEEP_HOURS);
    diesel::delete(k::table.filter(k::tenant_id.eq(tenant)).filter(k::created_at.lt(expired))).execute(conn)?;
    let existing: Option<Stored> = k::table
        .filter(k::tenant_id.eq(tenant))
        .filter(k::caller.eq(caller))
        .filter(k::key.eq(key))
        .select((k::request_hash, k::status, k::response_body, k::response_headers))
        .first(conn)
        .optional()?;
    match existing {
        None => {
            diesel::insert_into(k::table)
                .values((
                    k::tenant_id.eq(tenant),
                    k::caller.eq(caller),
                    k::key.eq(key),
                    k::request_hash.eq(hash),
                    k::created_at.eq(Utc::now().naive_utc()),
                ))
                .execute(conn)
                .map_err(|e| match e {
                    // Another request took the key between our read and our insert.
                    diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                        in_flight()
                    }
                    other => other.into(),
                })?;
            Ok(Claim::Fresh)
        }
        Some((h, _, _, _)) if h != hash => Err(ApiError::new(Code::ValidationFailed)
            .with_detail(
                "Cette clé d'idempotence a déjà servi pour une autre requête.",
                "This idempotency key was already used for a different request.",
            )
            .with_extra("reason", "idempotency_key_reused".into())),
        Some((_, None, _, _)) => Err(in_flight()),
        Some((_, Some(status), body, headers)) => {
            let headers = headers.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default();
            Ok(Claim::Done(status as u16, body.unwrap_or_default(), headers))
        }
    }
}

fn complete(
    conn: &mut crate::db::AnyConnection,
    tenant: &str,
    caller: &str,
    key: &str,
    status: i32,
    body: &str,
    headers: &str,
) -> Result<(), ApiError> {
    use idempotency_keys as k;
    diesel::update(k::table.filter(k::tenant_id.eq(tenant)).filter(k::caller.eq(caller)).filter(k::key.eq(key)))
        .set((k::status.eq(Some(status)), k::response_body.eq(Some(body)), k::response_headers.eq(Some(headers))))
        .execute(conn)?;
    Ok(())
}

fn release(conn: &mut crate::db::AnyConnection, tenant: &str, caller: &str, key: &str) -> Result<(), ApiError> {
    use idempotency_keys as k;
    diesel::delete(k::table.filter(k::tenant_id.eq(tenant)).filter(k::caller.eq(caller)).filter(k::key.eq(key)))
        .execute(conn)?;
    Ok(())
}

fn in_flight() -> ApiError {
    ApiError::new(Code::Conflict).with_detail(
        "Une requête avec cette clé d'idempotence est en cours ; réessayez dans un instant.",
        "A request with this idempotency key is in progress; retry in a moment.",
    )
}

fn bad_key() -> ApiError {
    ApiError::new(Code::MalformedRequest).with_detail(
        "Idempotency-Key doit faire de 1 à 255 caractères.",
        "Idempotency-Key must be 1 to 255 characters.",
    )
}

async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, ApiError> {
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::new(Code::MalformedRequest).with_cause(e))?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(crate::http::extractors::too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
