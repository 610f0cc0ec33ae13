//! HTTP handlers for an application's files, and the download of any file.
//! [`receive`] and [`Upload::keep`] are shared with the routes that take a signed
//! agreement or a receipt.

use super::files::Files;
use super::rules;
use super::store;
use super::types::*;
use crate::applications::access::{self, Reader};
use crate::applications::status;
use crate::grants::store as grants;
use crate::reports::store as reports;
use crate::roles::{APPLICANTS, READERS};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, ETAG};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use bytes::Bytes;
use modal_kit::auth::{Actor, TenantScope};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::http::{Binary, Id};
use modal_kit::text::code_of;
use modal_kit::{audit, ApiError, Code};

/// A file received and checked, not yet kept.
pub struct Upload {
    bytes: Bytes,
    content_type: &'static str,
    filename: String,
    sha256: String,
}

/// Reads an upload's body (413 beyond 10 MiB) and checks its name and type.
pub async fn receive(req: &HttpRequest, body: web::Payload, filename: &str) -> Result<Upload, ApiError> {
    let filename = rules::file_name(filename)?;
    let bytes = body
        .to_bytes_limited(rules::MAX_BYTES)
        .await
        .map_err(|_| ApiError::too_large())?
        .map_err(|e| ApiError::new(Code::MALFORMED_REQUEST).with_cause(e))?;
    let declared = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let content_type = rules::content_type(declared, &bytes)?;
    Ok(Upload { sha256: rules::sha256_hex(&bytes), bytes, content_type, filename })
}

impl Upload {
    pub fn content_type(&self) -> &'static str {
        self.content_type
    }

    /// Writes the bytes to the file store; answers the row the caller inserts in
    /// its transaction. A failed transaction leaves an unreferenced file, never a
    /// row without its file.
    pub async fn keep(
        self,
        files: &Files,
        scope: &TenantScope,
        owner: Owner,
        owner_id: &str,
        kind: AttachmentKind,
    ) -> Result<AttachmentRow, ApiError> {
        let id = uuid::Uuid::now_v7().to_string();
        let storage_key = format!("{}/{}/{owner_id}/{id}", scope.id(), code_of(&owner));
        files.put(&storage_key, self.bytes.clone()).await?;
        Ok(AttachmentRow {
            tenant_id: scope.id().to_string(),
            id,
            owner: code_of(&owner),
            owner_id: owner_id.to_string(),
            kind: code_of(&kind),
            filename: self.filename,
            content_type: self.content_type.to_string(),
            size: self.bytes.len() as i64,
            sha256: self.sha256,
            storage_key,
            uploaded_by: scope.subject().to_string(),
            uploaded_at: modal_kit::clock::now(),
        })
    }
}

/// Records a kept file, in the audit trail too.
pub fn record(c: &mut AnyConnection, actor: &Actor, row: &AttachmentRow) -> Result<Attachment, ApiError> {
    store::insert(c, row)?;
    let attachment = Attachment::from(row);
    audit::record_created(c, actor, ("attachment", &row.id), &attachment)?;
    Ok(attachment)
}

/// Attach a file to an application while its applicant may still change it: the
/// raw bytes as the body (PDF, JPEG, PNG, XLSX or CSV; at most 10 MiB).
#[utoipa::path(tag = "attachments", params(Id, ApplicationUpload),
    request_body(content((Binary = "application/pdf"), (Binary = "image/jpeg"), (Binary = "image/png"),
        (Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (Binary = "text/csv"))),
    responses(
        (status = 201, description = "Attached", body = Attachment),
        (status = 409, description = "The application is no longer editable", content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MiB", content_type = "application/problem+json"),
        (status = 415, description = "Not an accepted type, or not what it claims", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/attachments")]
pub async fn attach_to_application(
    scope: TenantScope,
    db: web::Data<Db>,
    files: web::Data<Files>,
    path: web::Path<Id>,
    query: web::Query<ApplicationUpload>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    scope.require(APPLICANTS)?;
    let (id, query) = (path.into_inner().id, query.into_inner());
    if !matches!(query.kind, AttachmentKind::Budget | AttachmentKind::Statutes | AttachmentKind::Other) {
        return Err(ApiError::invalid_field(
            "kind",
            "not_for_applications",
            "Une candidature prend un budget, des statuts ou un autre document.",
            "An application takes a budget, statutes or another document.",
        ));
    }
    let upload = receive(&req, body, &query.filename).await?;
    let (reader, app_id) = (Reader::of(&scope), id.clone());
    let check = move |c: &mut AnyConnection, t: &str| -> Result<(), ApiError> {
        let app = access::find(c, t, &reader, &app_id)?;
        if status::editable(app.status()) {
            Ok(())
        } else {
            Err(ApiError::new(Code::CONFLICT).with_detail(
                "Les pièces se joignent tant que la candidature se modifie.",
                "Files are attached while the application can be changed.",
            ))
        }
    };
    let recheck = check.clone();
    db.read(&scope, move |c, t| check(c, t)).await?;
    let row = upload.keep(&files, &scope, Owner::Application, &id, query.kind).await?;
    let attachment = db
        .write(&scope, move |c, actor| {
            recheck(c, &actor.tenant)?;
            record(c, actor, &row)
        })
        .await?;
    Ok(HttpResponse::Created().json(attachment))
}

/// The files attached to an application.
#[utoipa::path(tag = "attachments", params(Id),
    responses((status = 200, description = "The files", body = Vec<Attachment>)))]
#[get("/v1/tenants/{tenant}/applications/{id}/attachments")]
pub async fn list_application_attachments(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let rows = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            Ok(store::of_owner(c, t, "application", &id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(Attachment::from).collect::<Vec<_>>()))
}

/// Download a file, if the caller may read what it is attached to. The `ETag` is
/// its SHA-256.
#[utoipa::path(tag = "attachments", params(Id),
    responses((status = 200, description = "The file's bytes, with its type", body = Binary, content_type = "application/octet-stream")))]
#[get("/v1/tenants/{tenant}/attachments/{id}")]
pub async fn download_attachment(
    scope: TenantScope,
    db: web::Data<Db>,
    files: web::Data<Files>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let row = db
        .read(&scope, move |c, t| {
            let row = store::find(c, t, &id)?.ok_or_else(|| ApiError::not_found("Fichier", "File"))?;
            owner_visible(c, t, &reader, &row).map_err(|_| ApiError::not_found("Fichier", "File"))?;
            Ok(row)
        })
        .await?;
    let bytes = files.get(&row.storage_key).await?;
    let disposition =
        format!("attachment; filename=\"{}\"", row.filename.replace(|c: char| !c.is_ascii() || c == '"', "_"));
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, row.content_type.clone()))
        .insert_header((CONTENT_DISPOSITION, disposition))
        .insert_header((ETAG, format!("\"{}\"", row.sha256)))
        .body(bytes))
}

/// Whether `reader` may read the record a file is attached to.
fn owner_visible(c: &mut AnyConnection, tenant: &str, reader: &Reader, row: &AttachmentRow) -> Result<(), ApiError> {
    match row.owner() {
        Owner::Application => access::find(c, tenant, reader, &row.owner_id).map(|_| ()),
        Owner::Grant => grants::visible(c, tenant, reader, &row.owner_id).map(|_| ()),
        Owner::Report => {
            let report =
                reports::find(c, tenant, &row.owner_id)?.ok_or_else(|| ApiError::not_found("Rapport", "Report"))?;
            grants::visible(c, tenant, reader, &report.grant_id).map(|_| ())
        }
    }
}
