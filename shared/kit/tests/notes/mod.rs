//! `notes`: the smallest service the kit can run, for testing the kit itself
//! (idempotency, limits, probes, the database layer) without any real service.
//! One tenant table; create (409 when the same text exists, unless `?again=true`),
//! list, and read by id.
#![allow(dead_code)]

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use diesel_migrations::embed_migrations;
use modal_kit::auth::{Role, TenantScope, ANY_READER};
use modal_kit::db::{Db, Migrations};
use modal_kit::http::{no_data, Id, ServiceConfig, ServiceDef};
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::Stamp;
use modal_kit::{audit, etag, on_engine, ApiError, Code, CodeDef};
use serde::{Deserialize, Serialize};

pub static MIGRATIONS: Migrations = Migrations {
    postgres: embed_migrations!("tests/notes/migrations/postgres"),
    sqlite: embed_migrations!("tests/notes/migrations/sqlite"),
};

pub const DUPLICATE_NOTE: Code =
    Code::new(&CodeDef::new(409, "duplicate_note", "Note déjà écrite", "Note already written"));
const WRITERS: &[Role] = &[Role::TenantAdmin, Role::Coordinator];

diesel::table! {
    notes (tenant_id, id) {
        tenant_id -> Text,
        id -> Text,
        text -> Text,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = notes)]
struct NoteRow {
    tenant_id: String,
    id: String,
    text: String,
    version: i32,
    created_at: chrono::NaiveDateTime,
    created_by: String,
    updated_at: chrono::NaiveDateTime,
    updated_by: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    text: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Note {
    id: String,
    tenant: String,
    text: String,
    version: i32,
}

impl From<NoteRow> for Note {
    fn from(r: NoteRow) -> Note {
        Note { id: r.id, tenant: r.tenant_id, text: r.text, version: r.version }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CreateOptions {
    /// Write it even if the same text exists.
    again: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    limit: Option<i64>,
    after: Option<String>,
}

#[utoipa::path(tag = "notes", params(CreateOptions), request_body = NoteInput,
    responses((status = 201, description = "Written", body = Note)))]
#[post("/v1/tenants/{tenant}/notes")]
pub async fn create_note(
    scope: TenantScope,
    db: web::Data<Db>,
    options: web::Query<CreateOptions>,
    body: web::Json<NoteInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(WRITERS)?;
    let (text, again) = (body.into_inner().text, options.again.unwrap_or(false));
    let note = db
        .write(&scope, move |conn, actor| {
            let same: i64 = on_engine!(conn, |c| notes::table
                .filter(notes::tenant_id.eq(&actor.tenant))
                .filter(notes::text.eq(&text))
                .count()
                .get_result(c))?;
            if same > 0 && !again {
                return Err(ApiError::new(DUPLICATE_NOTE).with_detail("Déjà écrite.", "Already written."));
            }
            let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = Stamp::new(actor);
            let row = NoteRow { tenant_id, id, text, version, created_at, created_by, updated_at, updated_by };
            on_engine!(conn, |c| diesel::insert_into(notes::table).values(&row).execute(c))?;
            let note = Note::from(row);
            audit::record_created(conn, actor, ("note", &note.id), &note)?;
            Ok(note)
        })
        .await?;
    Ok(etag::created(&format!("/v1/tenants/{}/notes/{}", scope.id(), note.id), &note, note.version))
}

#[utoipa::path(tag = "notes", params(PageQuery),
    responses((status = 200, description = "A page of notes", body = inline(pagination::Page<Note>))))]
#[get("/v1/tenants/{tenant}/notes")]
pub async fn list_notes(
    scope: TenantScope,
    db: web::Data<Db>,
    query: web::Query<PageQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let window = Window::new(query.limit, query.after.as_deref())?;
    let w = window.clone();
    let rows: Vec<NoteRow> = db
        .read(&scope, move |conn, tenant| {
            Ok(on_engine!(conn, |c| {
                let mut q = notes::table.filter(notes::tenant_id.eq(tenant)).into_boxed();
                if let Some(after) = &w.after {
                    q = q.filter(notes::id.gt(after));
                }
                q.order(notes::id).limit(w.fetch()).load(c)
            })?)
        })
        .await?;
    Ok(pagination::respond(&req, &window, rows.into_iter().map(Note::from).collect(), |n| &n.id))
}

#[utoipa::path(tag = "notes", params(Id), responses((status = 200, description = "The note", body = Note)))]
#[get("/v1/tenants/{tenant}/notes/{id}")]
pub async fn get_note(scope: TenantScope, db: web::Data<Db>, path: web::Path<Id>) -> Result<HttpResponse, ApiError> {
    scope.require(ANY_READER)?;
    let id = path.into_inner().id;
    let row: NoteRow = db
        .read(&scope, move |conn, tenant| {
            Ok(on_engine!(conn, |c| notes::table
                .filter(notes::tenant_id.eq(tenant))
                .filter(notes::id.eq(&id))
                .first(c)
                .optional())?)
        })
        .await?
        .ok_or_else(|| ApiError::not_found("Note", "Note"))?;
    Ok(etag::ok(&Note::from(row.clone()), row.version))
}

#[derive(utoipa::OpenApi)]
#[openapi(info(title = "notes", description = "The kit's test service."))]
struct ApiDoc;

fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create_note).service(list_notes).service(get_note);
}

pub fn service() -> ServiceDef {
    ServiceDef {
        name: "notes",
        port: 8099,
        peers: &[],
        codes: &[DUPLICATE_NOTE],
        migrations: &MIGRATIONS,
        doc: <ApiDoc as utoipa::OpenApi>::openapi,
        routes,
        data: no_data,
    }
}

pub fn notes_of(tenant: &str) -> String {
    format!("/v1/tenants/{tenant}/notes")
}

pub fn coordinator(tenant: &str) -> String {
    modal_testkit::token(&[tenant], &["coordinator"])
}
