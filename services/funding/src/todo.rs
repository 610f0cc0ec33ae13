//! What an applicant must do next: complete a draft, answer an information
//! request, upload its signed agreement, send a report that is due. Staff read
//! the same list for one organisation, or for the whole tenant, to follow up.

use crate::applications::access::Reader;
use crate::applications::status::ApplicationStatus;
use crate::applications::types::ApplicationRow;
use crate::disbursements::store as disbursements;
use crate::grants::store as grants;
use crate::grants::types::GrantStatus;
use crate::reports::{store as reports, types::ReportStatus};
use crate::roles::{APPLICANTS, MANAGERS};
use crate::schema::applications as a;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use modal_kit::auth::TenantScope;
use modal_kit::db::Db;
use modal_kit::on_engine;
use modal_kit::text::{code_of, parse_code};
use modal_kit::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TodoKind {
    CompleteDraft,
    AnswerInformationRequest,
    UploadSignedAgreement,
    SendReport,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Todo {
    pub kind: TodoKind,
    pub application_id: String,
    pub applicant_id: String,
    /// The application's title.
    pub title: String,
    pub grant_id: Option<String>,
    /// For a report: the tranche it covers.
    pub tranche: Option<i32>,
    /// For a report: when the next tranche (or the project) ends.
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TodoFilter {
    /// Staff: only this organisation's (an applicant always sees its own).
    pub organisation_id: Option<String>,
}

/// What is waiting on applicants, oldest application first.
#[utoipa::path(tag = "applications", params(TodoFilter),
    responses((status = 200, description = "The things to do", body = Vec<Todo>)))]
#[get("/v1/tenants/{tenant}/todo")]
pub async fn list_todo(
    scope: TenantScope,
    db: web::Data<Db>,
    filter: web::Query<TodoFilter>,
) -> Result<HttpResponse, ApiError> {
    scope.require(APPLICANTS)?;
    let organisation = match Reader::of(&scope) {
        Reader::Applicant(own) => Some(own),
        _ if scope.has_any(MANAGERS) => filter.into_inner().organisation_id,
        _ => return Err(ApiError::forbidden()),
    };
    let todo = db
        .read(&scope, move |c, t| {
            let waiting = [Draft, InfoRequested, Selected, Contracted, InProgress].map(|s| code_of(&s));
            let apps: Vec<ApplicationRow> = on_engine!(c, |c| {
                let mut q = a::table.filter(a::tenant_id.eq(t)).filter(a::status.eq_any(&waiting)).into_boxed();
                if let Some(org) = &organisation {
                    q = q.filter(a::applicant_id.eq(org));
                }
                q.order(a::id).load(c)
            })?;
            let mut out = Vec::new();
            for app in apps {
                let item = |kind, grant_id: Option<&str>, tranche, due_on| Todo {
                    kind,
                    application_id: app.id.clone(),
                    applicant_id: app.applicant_id.clone(),
                    title: app.title.clone(),
                    grant_id: grant_id.map(str::to_string),
                    tranche,
                    due_on,
                };
                match app.status() {
                    Draft => out.push(item(TodoKind::CompleteDraft, None, None, None)),
                    InfoRequested => out.push(item(TodoKind::AnswerInformationRequest, None, None, None)),
                    _ => {}
                }
                let Some(grant) = grants::of_application(c, t, &app.id)? else { continue };
                if parse_code::<GrantStatus>(&grant.status) != Some(GrantStatus::Signed) {
                    if grant.signed_by_applicant_at.is_none() {
                        out.push(item(TodoKind::UploadSignedAgreement, Some(&grant.id), None, None));
                    }
                    continue;
                }
                let paid = disbursements::paid_by_tranche(c, t, &grant.id)?;
                let reported = reports::latest_by_tranche(c, t, &grant.id)?;
                let tranches = grants::tranches(c, t, &grant.id)?;
                for (i, tranche) in tranches.iter().enumerate() {
                    let due = matches!(reported.get(&tranche.id), None | Some(ReportStatus::Returned));
                    if paid.get(&tranche.id).copied().unwrap_or(0) > 0 && due {
                        let due_on = tranches.get(i + 1).map_or(grant.ends_on, |next| next.due_on);
                        out.push(item(TodoKind::SendReport, Some(&grant.id), Some(tranche.number), Some(due_on)));
                    }
                }
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(todo))
}

use ApplicationStatus::{Contracted, Draft, InProgress, InfoRequested, Selected};
