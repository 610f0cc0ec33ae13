//! HTTP handlers for reviews. Each route is declared here once, on its handler.

use super::types::*;
use super::{rules, store};
use crate::applications::access::{self, Reader};
use crate::applications::status::ApplicationStatus;
use crate::applications::{history, store as applications};
use crate::calls::{handlers::not_found as no_call, store as calls};
use crate::peers::Peers;
use crate::roles::{MANAGERS, REVIEWERS, REVIEW_READERS};
use actix_web::{get, post, put, web, HttpResponse};
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::http::Id;
use modal_kit::text::code_of;
use modal_kit::{audit, ApiError, Code};
use serde_json::json;

fn not_found() -> ApiError {
    ApiError::not_found("Évaluation", "Review")
}

/// Assign a reviewer to an eligible application, for one lens (the application
/// then is under review). A reviewer from the applicant's or its partner's
/// organisation is refused (422).
#[utoipa::path(tag = "reviews", params(Id), request_body = Assignment,
    responses(
        (status = 201, description = "Assigned", body = Review),
        (status = 409, description = "Not eligible for review, or this reviewer already has this lens", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/applications/{id}/reviews")]
pub async fn assign_reviewer(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    peers: web::Data<Peers>,
    body: web::Json<Assignment>,
) -> Result<HttpResponse, ApiError> {
    scope.require(MANAGERS)?;
    let (assignment, id) = (body.into_inner(), path.into_inner().id);
    if let Some(org) = assignment.reviewer_organisation_id.as_deref() {
        // The reviewer's organisation is one of the tenant's, as the registry says.
        if peers.organisation(scope.id(), org, scope.caller.token()).await?.is_none() {
            return Err(ApiError::invalid_field(
                "reviewer_organisation_id",
                "unknown_organisation",
                "Organisation introuvable chez ce partenaire.",
                "No such organisation in this tenant.",
            ));
        }
    }
    let review = db
        .write(&scope, move |c, actor| {
            let mut app = access::find(c, &actor.tenant, &Reader::Staff, &id)?;
            rules::check_assignment(&assignment, &app)?;
            let status = app.status();
            if !matches!(status, ApplicationStatus::Eligible | ApplicationStatus::UnderReview) {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    format!("Une candidature « {} » ne s'évalue pas.", code_of(&status)),
                    format!("An application in '{}' is not reviewed.", code_of(&status)),
                ));
            }
            if status == ApplicationStatus::Eligible {
                let expected = app.version;
                history::record(c, actor, &mut app, ApplicationStatus::UnderReview, Some("reviewers assigned"))?;
                if applications::replace(c, &app, expected)? != 1 {
                    return Err(modal_kit::etag::stale());
                }
            }
            let now = modal_kit::clock::now();
            let row = ReviewRow {
                tenant_id: actor.tenant.clone(),
                id: uuid::Uuid::now_v7().to_string(),
                application_id: id.clone(),
                reviewer: assignment.reviewer.trim().to_string(),
                reviewer_organisation_id: assignment.reviewer_organisation_id.clone(),
                lens: code_of(&assignment.lens),
                no_conflict_declared_at: None,
                scores: "[]".into(),
                recommendation: None,
                comment: None,
                submitted_at: None,
                assigned_by: actor.subject.clone(),
                assigned_at: now,
            };
            store::insert(c, &row).map_err(|e| match e {
                diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                    ApiError::new(Code::CONFLICT)
                        .with_detail("Cette personne évalue déjà ce volet.", "This person already reviews this lens.")
                }
                other => other.into(),
            })?;
            let review = Review::from(&row);
            audit::record_created(c, actor, ("review", &row.id), &review)?;
            Ok(review)
        })
        .await?;
    Ok(HttpResponse::Created().json(review))
}

/// Reviews: a reviewer sees its own assignments; managers every review (of one
/// application with `application_id`).
#[utoipa::path(tag = "reviews", params(ReviewFilter),
    responses((status = 200, description = "Reviews", body = Vec<Review>)))]
#[get("/v1/tenants/{tenant}/reviews")]
pub async fn list_reviews(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<ReviewFilter>,
) -> Result<HttpResponse, ApiError> {
    scope.require(REVIEW_READERS)?;
    let reader = Reader::of(&scope);
    let application = filter.into_inner().application_id;
    let rows = db
        .read(&scope, move |c, t| {
            let own = match &reader {
                Reader::Reviewer(subject) => Some(subject.as_str()),
                _ => None,
            };
            Ok(store::list(c, t, application.as_deref(), own)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(Review::from).collect::<Vec<_>>()))
}

/// The assigned reviewer declares it has no conflict of interest with the
/// application: only then may it read it.
#[utoipa::path(tag = "reviews", params(Id),
    responses((status = 200, description = "Declared", body = Review)))]
#[post("/v1/tenants/{tenant}/reviews/{id}/no-conflict")]
pub async fn declare_no_conflict(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(REVIEWERS)?;
    let id = path.into_inner().id;
    let review = db
        .write(&scope, move |c, actor| {
            let mut row =
                store::find(c, &actor.tenant, &id)?.filter(|r| r.reviewer == actor.subject).ok_or_else(not_found)?;
            if row.no_conflict_declared_at.is_none() {
                row.no_conflict_declared_at = Some(modal_kit::clock::now());
                store::update(c, &row)?;
                audit::record(c, actor, "no_conflict", ("review", &id), json!({}))?;
            }
            Ok(Review::from(&row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(review))
}

/// The assigned reviewer gives its scores, once: one per criterion of its lens.
#[utoipa::path(tag = "reviews", params(Id), request_body = ReviewInput,
    responses(
        (status = 200, description = "Submitted", body = Review),
        (status = 409, description = "Already submitted, or no conflict not declared yet", content_type = "application/problem+json"),
    ))]
#[put("/v1/tenants/{tenant}/reviews/{id}")]
pub async fn submit_review(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
    body: web::Json<ReviewInput>,
) -> Result<HttpResponse, ApiError> {
    scope.require(REVIEWERS)?;
    let (input, id) = (body.into_inner(), path.into_inner().id);
    let review = db
        .write(&scope, move |c, actor| {
            let mut row =
                store::find(c, &actor.tenant, &id)?.filter(|r| r.reviewer == actor.subject).ok_or_else(not_found)?;
            if row.no_conflict_declared_at.is_none() || row.submitted_at.is_some() {
                return Err(ApiError::new(Code::CONFLICT).with_detail(
                    "Déclarez l'absence de conflit d'intérêts d'abord ; une évaluation se donne une fois.",
                    "Declare no conflict of interest first; a review is given once.",
                ));
            }
            // The application's tally counts every submitted review: one at a time.
            applications::lock(c, &actor.tenant, &row.application_id)?;
            let app = applications::find(c, &actor.tenant, &row.application_id)?.ok_or_else(access::not_found)?;
            if app.status() != ApplicationStatus::UnderReview {
                return Err(ApiError::new(Code::CONFLICT).with_detail("L'évaluation est close.", "Reviewing is over."));
            }
            let call = calls::find(c, &actor.tenant, &app.call_id)?.ok_or_else(no_call)?;
            rules::check_review(&input, row.lens(), &call.criteria())?;
            row.scores = serde_json::to_string(&input.scores).unwrap_or_else(|_| "[]".into());
            row.recommendation = Some(code_of(&input.recommendation));
            row.comment = input.comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
            row.submitted_at = Some(modal_kit::clock::now());
            store::update(c, &row)?;
            let tally = rules::tally(&call.criteria(), &store::of_application(c, &actor.tenant, &app.id)?);
            applications::record_tally(c, &actor.tenant, &app.id, &tally)?;
            let review = Review::from(&row);
            audit::record(c, actor, "review", ("review", &id), json!(review))?;
            Ok(review)
        })
        .await?;
    Ok(HttpResponse::Ok().json(review))
}

/// The reviews of an application: managers see all; a reviewer sees the others'
/// only once it submitted its own (403 before).
#[utoipa::path(tag = "reviews", params(Id),
    responses((status = 200, description = "Its submitted reviews", body = Vec<Review>)))]
#[get("/v1/tenants/{tenant}/applications/{id}/reviews")]
pub async fn list_application_reviews(
    scope: TenantScope,
    db: web::Data<Db>,
    path: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    scope.require(REVIEW_READERS)?;
    let (reader, id) = (Reader::of(&scope), path.into_inner().id);
    let rows = db
        .read(&scope, move |c, t| {
            access::find(c, t, &reader, &id)?;
            let all = store::list(c, t, Some(&id), None)?;
            if let Reader::Reviewer(subject) = &reader {
                if !all.iter().any(|r| &r.reviewer == subject && r.submitted_at.is_some()) {
                    return Err(ApiError::new(Code::FORBIDDEN).with_detail(
                        "Les autres évaluations se lisent après avoir soumis la vôtre.",
                        "The other reviews are read once you submitted yours.",
                    ));
                }
            }
            Ok(all.into_iter().filter(|r| r.submitted_at.is_some()).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(Review::from).collect::<Vec<_>>()))
}
