//! The audit trail every service keeps: who changed what, when, per tenant. The kit
//! owns the `audit_events` table (its migrations, `shared/kit/migrations/`); events
//! are written in the same transaction as the change they describe, and tenant
//! admins (and the programme) read them at `GET /v1/tenants/{tenant}/audit`.

use crate::auth::{Actor, Role, TenantScope};
use crate::db::{AnyConnection, Db};
use crate::error::ApiError;
use crate::on_engine;
use crate::pagination::{self, Window};
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

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

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> AuditEvent {
        AuditEvent {
            at: r.at.and_utc(),
            changes: serde_json::from_str(&r.changes).unwrap_or(Value::Null),
            id: r.id,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
        }
    }
}

/// Records that `actor` did `action` to the `entity` `entity_id`, with `changes`;
/// call it inside the transaction that makes the change.
pub fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    (entity, entity_id): (&str, &str),
    changes: Value,
) -> Result<(), ApiError> {
    let row = AuditRow {
        tenant_id: actor.tenant.clone(),
        id: uuid::Uuid::now_v7().to_string(),
        at: crate::clock::now(),
        actor: actor.subject.clone(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        changes: changes.to_string(),
    };
    on_engine!(conn, |c| diesel::insert_into(audit_events::table).values(&row).execute(c))?;
    Ok(())
}

/// Records the creation of a record, with the record as answered.
pub fn record_created<T: Serialize>(
    conn: &mut AnyConnection,
    actor: &Actor,
    subject: (&str, &str),
    record: &T,
) -> Result<(), ApiError> {
    self::record(conn, actor, "create", subject, json!(record))
}

/// Records a change of an existing record as `{field: [before, after]}` for the
/// fields that differ between its two answers.
pub fn record_change<T: Serialize>(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    subject: (&str, &str),
    before: &T,
    after: &T,
) -> Result<(), ApiError> {
    let to_json = |v: &T| serde_json::to_value(v).unwrap_or(Value::Null);
    record(conn, actor, action, subject, diff(&to_json(before), &to_json(after)))
}

/// Replaces the recorded changes of every event about one of `entity_ids` (erasure
/// of personal data: who acted and when stays, what was written does not).
pub fn redact(conn: &mut AnyConnection, tenant: &str, entity_ids: &[String]) -> Result<(), ApiError> {
    let ids = entity_ids.to_vec();
    on_engine!(conn, |c| diesel::update(
        audit_events::table.filter(audit_events::tenant_id.eq(tenant)).filter(audit_events::entity_id.eq_any(&ids)),
    )
    .set(audit_events::changes.eq("{\"redacted\":true}"))
    .execute(c))?;
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

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events about this entity id.
    pub entity_id: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

/// Who may read the trail.
pub const AUDIT_READERS: &[Role] = &[Role::TenantAdmin, Role::ProgrammeAdmin];

/// The audit trail of a tenant, oldest first.
#[utoipa::path(tag = "audit",
    params(("tenant" = String, Path, description = "Tenant id"), AuditQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of audit events", body = inline(pagination::Page<AuditEvent>))))]
#[get("/v1/tenants/{tenant}/audit")]
pub async fn list_audit_events(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<AuditQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(AUDIT_READERS)?;
    let query = query.into_inner();
    let window = Window::new(query.limit, query.after.as_deref())?;
    let (w, entity) = (window.clone(), query.entity_id);
    let rows: Vec<AuditRow> = db
        .read(&scope, move |conn, tenant| {
            Ok(on_engine!(conn, |c| {
                let mut q = audit_events::table.filter(audit_events::tenant_id.eq(tenant)).into_boxed();
                if let Some(e) = &entity {
                    q = q.filter(audit_events::entity_id.eq(e));
                }
                if let Some(a) = &w.after {
                    q = q.filter(audit_events::id.gt(a));
                }
                q.order(audit_events::id).limit(w.fetch()).load(c)
            })?)
        })
        .await?;
    Ok(pagination::respond(&req, &window, rows.into_iter().map(AuditEvent::from).collect(), |e| &e.id))
}
