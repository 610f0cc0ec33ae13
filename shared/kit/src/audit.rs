//! The audit trail every service keeps: who changed what, when, per tenant. Each
//! service's migrations create the `audit_events` table (same columns everywhere);
//! events are written in the same transaction as the change they describe, and
//! tenant admins (and the programme) read them at `GET /v1/tenants/{tenant}/audit`.

use crate::auth::{Role, TenantScope};
use crate::db::{AnyConnection, Db};
use crate::error::ApiError;
use crate::pagination::{self, Page};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

diesel::table! {
    audit_events (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        changes -> Text,
    }
}

#[derive(Queryable, Insertable)]
#[diesel(table_name = audit_events)]
struct AuditRow {
    tenant_id: String,
    id: String,
    at: NaiveDateTime,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    changes: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: String,
    #[serde(serialize_with = "crate::timestamp::rfc3339")]
    pub at: DateTime<Utc>,
    /// The `sub` of the token that made the change.
    pub actor: String,
    /// `create`, `update`, `status`, `archive`, `delete`, `import`…
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The new record (create), or `{field: [before, after]}` (update).
    pub changes: Value,
}

pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub changes: Value,
}

pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Records a change; call it inside the transaction that makes the change.
pub fn record(conn: &mut AnyConnection, tenant: &str, c: Change<'_>) -> Result<(), ApiError> {
    let row = AuditRow {
        tenant_id: tenant.to_string(),
        id: uuid::Uuid::now_v7().to_string(),
        at: now(),
        actor: c.actor.to_string(),
        action: c.action.to_string(),
        entity: c.entity.to_string(),
        entity_id: c.entity_id.to_string(),
        changes: c.changes.to_string(),
    };
    diesel::insert_into(audit_events::table).values(&row).execute(conn)?;
    Ok(())
}

/// Records a change of an existing record as `{field: [before, after]}` for the
/// fields that differ between its two answers.
pub fn record_change<T: Serialize>(
    conn: &mut AnyConnection,
    tenant: &str,
    c: Change<'_>,
    before: &T,
    after: &T,
) -> Result<(), ApiError> {
    let to_json = |v: &T| serde_json::to_value(v).unwrap_or(Value::Null);
    record(conn, tenant, Change { changes: diff(&to_json(before), &to_json(after)), ..c })
}

/// Replaces the recorded changes of every event about `entity_id` (erasure of
/// personal data: who acted and when stays, what was written does not).
pub fn redact(conn: &mut AnyConnection, tenant: &str, entity_id: &str) -> Result<(), ApiError> {
    diesel::update(
        audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::entity_id.eq(entity_id)),
    )
    .set(audit_events::changes.eq("{\"redacted\":true}"))
    .execute(conn)?;
    Ok(())
}

/// The fields that differ between two JSON objects: `{field: [before, after]}`.
pub fn diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let (b, a) = (before.as_object().unwrap_or(&empty), after.as_object().unwrap_or(&empty));
    let mut out = Map::new();
    for (k, new) in a {
        let old = b.get(k).unwrap_or(&Value::Null);
        if old != new && !matches!(k.as_str(), "version" | "updated_at") {
            out.insert(k.clone(), Value::Array(vec![old.clone(), new.clone()]));
        }
    }
    Value::Object(out)
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events about this entity id.
    pub entity_id: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub after: Option<String>,
}

/// Who may read the trail.
pub const AUDIT_READERS: &[Role] = &[Role::TenantAdmin, Role::ProgrammeAdmin];

/// The audit trail of a tenant, oldest first.
#[utoipa::path(get, path = "/v1/tenants/{tenant}/audit", tag = "audit",
    params(("tenant" = String, Path, description = "Tenant id"), AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of audit events", body = inline(Page<AuditEvent>)),
        (status = 400, description = "Malformed query", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "Not a tenant admin", content_type = "application/problem+json"),
        (status = 404, description = "Unknown tenant", content_type = "application/problem+json"),
        (status = 422, description = "Invalid page size or cursor", content_type = "application/problem+json"),
    ))]
pub async fn list_audit(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<AuditQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(AUDIT_READERS)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_cursor(query.after.as_deref())?;
    let tenant = scope.id().to_string();
    let entity = query.entity_id.clone();
    let rows: Vec<AuditRow> = db
        .read(scope.id(), move |conn| {
            let mut q = audit_events::table.filter(audit_events::tenant_id.eq(&tenant)).into_boxed();
            if let Some(e) = &entity {
                q = q.filter(audit_events::entity_id.eq(e.clone()));
            }
            if let Some(a) = &after {
                q = q.filter(audit_events::id.gt(a.clone()));
            }
            Ok(q.order(audit_events::id).limit(limit + 1).load(conn)?)
        })
        .await?;
    let events = rows
        .into_iter()
        .map(|r| AuditEvent {
            id: r.id,
            at: r.at.and_utc(),
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            changes: serde_json::from_str(&r.changes).unwrap_or(Value::Null),
        })
        .collect();
    let path = req.path().to_string();
    let q = query.into_inner();
    let page = pagination::page(
        events,
        limit,
        |e| e.id.clone(),
        |cursor| {
            let next = AuditQuery { entity_id: q.entity_id.clone(), limit: q.limit, after: Some(cursor) };
            pagination::link(&path, &next)
        },
    );
    Ok(page.respond())
}
