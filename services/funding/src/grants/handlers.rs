//! HTTP handlers for grants: make one for a selected application, read them,
//! print the agreement, take each party's signed scan.

use super::types::*;
use super::{agreement, rules, store};
use crate::applications::access::{self, Reader};
use crate::applications::status::{self, ApplicationStatus};
use crate::applications::{history, store as applications};
use crate::attachments::files::Files;
use crate::attachments::handlers::{self as attachments, receive};
use crate::attachments::types::{AttachmentKind, NamedUpload, Owner};
use crate::calls::{handlers::not_found as no_call, store as calls};
use crate::peers::Peers;
use crate::roles::{GRANT_READERS, MANAGERS, SIGNERS};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::etag;
use modal_kit::http::{Binary, Id};
use modal_kit::pagination::{self, Window};
use modal_kit::stamp::Stamp;
use modal_kit::text::code_of;
use modal_kit::{audit, ApiError, Code};
use serde_json::json;

/// Make the grant of a selected application: its amount (at most what was asked),
/// its dates and its tranches (adding up to the amount). The parties are named as
/// the registry names them now, and printed so in the agreement.
#[utoipa::path(tag = "grants", params(Id), request_body = GrantInput,
    responses(
        (status = 201, description = "Created", body = Grant, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "Not selected, or it has a grant already", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/grant")]
pub async fn create_grant(
    scope: TenantScope,
    db: web::Data<Db>,
    peers: web::Data<Peers>,
    path: web::Path<Id>,
    body: web::Json<GrantInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let (id, input) = (path.into_inner().id, body.into_inner());
    let read_id = id.clone();
    let app = db.read(&scope, move |c, t| access::find(c, t, &Reader::Staff, &read_id)).await?;
    let amount = rules::validate(&input, &app)?;
    let parties = parties(&peers, &scope, &app.applicant_id, &app.partner_id).await?;
    let created = db
        .write(&scope, move |c, actor| {
            if !applications::lock(c, &actor.tenant, &id)? {
                return Err(access::not_found());
            }
            let app = access::find(c, &actor.tenant, &Reader::Staff, &id)?;
            if app.status() != ApplicationStatus::Selected {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    format!(
                        "Seule une candidature retenue reçoit une subvention (celle-ci : « {} »).",
                        code_of(&app.status())
                    ),
                    format!("Only a selected application gets a grant (this one: '{}').", code_of(&app.status())),
                ));
            }
            if store::of_application(c, &actor.tenant, &id)?.is_some() {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "Cette candidature a déjà sa subvention.",
                    "This application has its grant already.",
                ));
            }
            let Stamp { tenant_id, id: grant_id, version, created_at, created_by, updated_at, updated_by } =
                Stamp::new(actor);
            let tranches: Vec<TrancheRow> = input
                .tranches
                .iter()
                .enumerate()
                .map(|(i, t)| TrancheRow {
                    tenant_id: tenant_id.clone(),
                    id: uuid::Uuid::now_v7().to_string(),
                    grant_id: grant_id.clone(),
                    number: i as i32 + 1,
                    amount: t.amount,
                    condition: t.condition.trim().to_string(),
                    due_on: t.due_on,
                })
                .collect();
            let row = GrantRow {
                tenant_id,
                id: grant_id,
                application_id: app.id.clone(),
                amount,
                currency: app.currency.clone(),
                parties: serde_json::to_string(&parties).unwrap_or_default(),
                starts_on: input.starts_on,
                ends_on: input.ends_on,
                status: code_of(&GrantStatus::AwaitingSignatures),
                signed_by_applicant_at: None,
                signed_by_programme_at: None,
                version,
                created_at,
                created_by,
                updated_at,
                updated_by,
            };
            store::insert(c, &row, &tranches)?;
            let grant = store::view(c, &row, &app)?;
            audit::record_created(c, actor, ("grant", &row.id), &grant)?;
            Ok(grant)
        })
        .await?;
    let location = format!("/v1/tenants/{}/grants/{}", scope.id(), created.id);
    Ok(etag::created(&location, &created, created.version))
}

/// The parties as the registry names them (with the caller's token).
async fn parties(peers: &Peers, scope: &TenantScope, applicant: &str, partner: &str) -> Result<Parties, ApiError> {
    let (tenant, token) = (scope.id(), scope.caller.token());
    let mut named = Vec::new();
    for (field, id) in [("applicant_id", applicant), ("partner_id", partner)] {
        let org = peers.organisation(tenant, id, token).await?.ok_or_else(|| {
            ApiError::invalid_field(
                field,
                "unknown_organisation",
                "Organisation introuvable au registre.",
                "No such organisation in the registry.",
            )
        })?;
        named.push(Party { id: org.id, name: org.name, country: org.country });
    }
    let partner = named.pop().unwrap_or_default();
    let applicant = named.pop().unwrap_or_default();
    Ok(Parties { programme: scope.tenant.name.clone(), applicant, partner })
}

/// List grants (an applicant sees its organisation's).
#[utoipa::path(tag = "grants", params(GrantFilter),
    responses((status = 200, description = "A page of grants", body = inline(pagination::Page<Grant>))))]
#[get("/v1/tenants/{tenant}/grants")]
pub async fn list_grants(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<GrantFilter>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    scope.require(GRANT_READERS)?;
    let reader = Reader::of(&scope);
    let filter = filter.into_inner();
    let window = Window::new(filter.limit, filter.after.as_deref())?;
    let w = window.clone();
    let grants = db
        .read(&scope, move |c, t| {
            let rows = store::list(c, t, reader.applicant(), &filter, &w)?;
            let mut out = Vec::new();
            for row in rows {
                let app = applications::find(c, t, &row.application_id)?.ok_or_else(access::not_found)?;
                out.push(store::view(c, &row, &app)?);
            }
            Ok(out)
        })
        .await?;
    Ok(pagination::respond(&req, &window, grants, |g| &g.id))
}

/// Read one grant, with what was paid and reported on each tranche.
#[utoipa::path(tag = "grants", params(Id),
    responses((status = 200, description = "The grant", body = Grant, headers(("ETag" = String)))))]
#[get("/v1/tenants/{tenant}/grants/{id}")]
pub async fn get_grant(scope: TenantScope, db: web::Data<Db>, path: web::Path<Id>) -> Result<HttpResponse, ApiError> {
    scope.require(GRANT_READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let grant = db
        .read(&scope, move |c, t| {
            let (row, app) = store::visible(c, t, &reader, &id)?;
            store::view(c, &row, &app)
        })
        .await?;
    Ok(etag::ok(&grant, grant.version))
}

/// The grant agreement, in French, as a PDF to print and sign.
#[utoipa::path(tag = "grants", params(Id),
    responses((status = 200, description = "The agreement", body = Binary, content_type = "application/pdf")))]
#[get("/v1/tenants/{tenant}/grants/{id}/agreement")]
pub async fn get_grant_agreement(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(GRANT_READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let pdf = db
        .read(&scope, move |c, t| {
            let (row, app) = store::visible(c, t, &reader, &id)?;
            let call = calls::find(c, t, &app.call_id)?.ok_or_else(no_call)?;
            let tranches = store::tranches(c, t, &row.id)?;
            Ok(agreement::render(&row, &tranches, &app, &call))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/pdf"))
        .insert_header((CONTENT_DISPOSITION, "inline; filename=\"convention.pdf\""))
        .body(pdf))
}

/// Upload a party's signed scan of the agreement (PDF, JPEG or PNG as the body).
/// An applicant uploads its own; staff either (a scan of the paper they hold).
/// When both are in, the grant is signed and the application contracted.
#[utoipa::path(tag = "grants", params(SignaturePath, NamedUpload),
    request_body(content((Binary = "application/pdf"), (Binary = "image/jpeg"), (Binary = "image/png"))),
    responses(
        (status = 200, description = "Recorded", body = Grant, headers(("ETag" = String))),
        (status = 409, description = "Already signed by both", content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MiB", content_type = "application/problem+json"),
        (status = 415, description = "Not an accepted type", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/grants/{id}/signatures/{party}")]
pub async fn upload_signed_agreement(
    scope: TenantScope,
    db: web::Data<Db>,
    files: web::Data<Files>,
    path: web::Path<SignaturePath>,
    query: web::Query<NamedUpload>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    scope.require(SIGNERS)?;
    let SignaturePath { id, party } = path.into_inner();
    if scope.applicant_for().is_some() && party != Signatory::Applicant {
        return Err(ApiError::forbidden());
    }
    let upload = receive(&req, body, &query.filename).await?;
    if upload.content_type() == "text/csv" || upload.content_type().contains("spreadsheet") {
        return Err(ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE).with_detail(
            "Une convention signée est un PDF, un JPEG ou un PNG.",
            "A signed agreement is a PDF, JPEG or PNG.",
        ));
    }
    let (reader, read_id) = (Reader::of(&scope), id.clone());
    let reading = reader.clone();
    let (row, _) = db.read(&scope, move |c, t| store::visible(c, t, &reading, &read_id)).await?;
    if row.signed_by_applicant_at.is_some() && row.signed_by_programme_at.is_some() {
        return Err(already_signed());
    }
    let kind = match party {
        Signatory::Applicant => AttachmentKind::SignedByApplicant,
        Signatory::Programme => AttachmentKind::SignedByProgramme,
    };
    let file = upload.keep(&files, &scope, Owner::Grant, &id, kind).await?;
    let grant = db
        .write(&scope, move |c, actor| {
            if !store::lock(c, &actor.tenant, &id)? {
                return Err(store::not_found());
            }
            let (current, mut app) = store::visible(c, &actor.tenant, &reader, &id)?;
            if current.signed_by_applicant_at.is_some() && current.signed_by_programme_at.is_some() {
                return Err(already_signed());
            }
            attachments::record(c, actor, &file)?;
            let mut row = current.clone();
            let next = current.stamp().next(actor);
            (row.version, row.updated_at, row.updated_by) = (next.version, next.updated_at, next.updated_by);
            match party {
                Signatory::Applicant => row.signed_by_applicant_at = Some(next.updated_at),
                Signatory::Programme => row.signed_by_programme_at = Some(next.updated_at),
            }
            if row.signed_by_applicant_at.is_some() && row.signed_by_programme_at.is_some() {
                row.status = code_of(&GrantStatus::Signed);
                let from = app.status();
                if !status::can_move(from, ApplicationStatus::Contracted) {
                    return Err(crate::transitions::refused(&code_of(&from), "contracted", status::next(from)));
                }
                let expected = app.version;
                history::record(c, actor, &mut app, ApplicationStatus::Contracted, Some("convention signée"))?;
                if applications::replace(c, &app, expected)? != 1 {
                    return Err(etag::stale());
                }
            }
            if store::replace(c, &row, current.version)? != 1 {
                return Err(etag::stale());
            }
            let changes =
                json!({ "signed_by": code_of(&party), "status": [current.status, row.status], "file": file.id });
            audit::record(c, actor, "sign", ("grant", &row.id), changes)?;
            store::view(c, &row, &app)
        })
        .await?;
    Ok(etag::ok(&grant, grant.version))
}

fn already_signed() -> ApiError {
    ApiError::new(Code::CONFLICT).with_detail(
        "La convention est déjà signée des deux parties.",
        "The agreement is signed by both parties already.",
    )
}
