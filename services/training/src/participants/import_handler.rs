//! The bulk enrolment route: a CSV or XLSX file in, every line enrolled or none.

use super::import::{self, ImportLine};
use super::types::{Participant, ParticipantInput};
use super::{rules, store};
use crate::registry::{OrganisationRef, Registry};
use crate::roles::STAFF;
use crate::trainings::{handlers::not_found as no_training, store as trainings};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{post, web, HttpRequest, HttpResponse};
use modal_kit::auth::{Actor, TenantScope};
use modal_kit::db::{AnyConnection, Db};
use modal_kit::http::{Binary, Id};
use modal_kit::i18n::Msg;
use modal_kit::spreadsheet::{read_table, CSV_TYPE, XLSX_TYPE};
use modal_kit::stamp::Stamp;
use modal_kit::validate::Violations;
use modal_kit::{audit, ApiError, Code};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use utoipa::ToSchema;

const MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentReport {
    pub enrolled: usize,
    pub already_enrolled: usize,
    pub lines: Vec<EnrolmentLine>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentLine {
    /// The line in the file (the header is line 1).
    pub line: usize,
    /// `enrolled`, or `already_enrolled` (same email, phone, or name without either).
    pub outcome: &'static str,
    /// The enrolment made, or the one found.
    pub participant_id: Option<String>,
}

/// The organisation each line names, as the registry answers the caller: by id,
/// or by its exact name (case aside) when that is one organisation's.
async fn organisations(
    registry: &Registry,
    scope: &TenantScope,
    lines: &[ImportLine],
) -> Result<HashMap<String, Result<OrganisationRef, &'static str>>, ApiError> {
    let mut found = HashMap::new();
    for named in lines.iter().filter_map(|l| l.organisation.clone()) {
        if found.contains_key(&named) {
            continue;
        }
        let by_id = registry.organisation(scope.id(), &named, scope.caller.token()).await?;
        let answer = match by_id {
            Some(org) => Ok(org),
            None => {
                let mut same = registry.organisations_named(scope.id(), &named, scope.caller.token()).await?;
                match same.len() {
                    0 => Err("unknown_organisation"),
                    1 => Ok(same.remove(0)),
                    _ => Err("ambiguous_organisation"),
                }
            }
        };
        found.insert(named, answer);
    }
    Ok(found)
}

/// Enrol participants from a spreadsheet (CSV UTF-8 `;` or `,`, or XLSX; at most
/// 5 MiB and 2,000 lines). Columns `nom`/`full_name`, `sexe`/`sex`, `mode` required;
/// `organisation` (registry id or exact name), `email`, `téléphone`/`phone` optional.
/// A bad line refuses the whole file (422 naming each bad cell), nothing enrolled;
/// a person already enrolled is reported, not enrolled twice, so a file can be sent again.
#[utoipa::path(tag = "participants", params(Id),
    request_body(description = "The CSV or XLSX file",
        content((String = "text/csv"), (Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "Line-by-line report", body = EnrolmentReport),
        (status = 409, description = "Not enough on-site seats for the file", content_type = "application/problem+json"),
        (status = 502, description = "The registry gave an invalid answer", content_type = "application/problem+json"),
        (status = 504, description = "The registry did not answer in time", content_type = "application/problem+json"),
    ))]
#[post("/v1/tenants/{tenant}/trainings/{id}/participants/import")]
pub async fn import_participants(
    scope: TenantScope,
    db: web::Data<Db>,
    registry: web::Data<Registry>,
    path: web::Path<Id>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    scope.require(STAFF)?;
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if !(content_type.starts_with(CSV_TYPE) || content_type.starts_with(XLSX_TYPE)) {
        return Err(ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE)
            .with_detail("Envoyez un fichier text/csv ou XLSX.", "Send a text/csv or XLSX file."));
    }
    let bytes = body
        .to_bytes_limited(MAX_BYTES)
        .await
        .map_err(|_| ApiError::too_large())?
        .map_err(|e| ApiError::new(Code::MALFORMED_REQUEST).with_cause(e))?;
    let (lines, bad_cells) = import::parse(&read_table(&bytes, &content_type)?)?;
    let organisations = organisations(&registry, &scope, &lines).await?;
    let training = path.into_inner().id;
    let report =
        db.write(&scope, move |c, actor| enrol_all(c, actor, &training, &lines, &organisations, bad_cells)).await?;
    Ok(HttpResponse::Ok().json(report))
}

fn enrol_all(
    c: &mut AnyConnection,
    actor: &Actor,
    training_id: &str,
    lines: &[ImportLine],
    organisations: &HashMap<String, Result<OrganisationRef, &'static str>>,
    mut v: Violations,
) -> Result<EnrolmentReport, ApiError> {
    if !trainings::lock(c, &actor.tenant, training_id)? {
        return Err(no_training());
    }
    let training = trainings::find(c, &actor.tenant, training_id)?.ok_or_else(no_training)?;
    let mut enrolled = store::of_training(c, &actor.tenant, training_id)?;
    let mut seats = enrolled.iter().filter(|p| rules::takes_a_seat(p)).count() as i64;
    let mut report = EnrolmentReport { enrolled: 0, already_enrolled: 0, lines: Vec::new() };
    let mut rows = Vec::new();
    for line in lines {
        if let Some(found) = enrolled.iter().find(|p| import::is_enrolled(line, std::slice::from_ref(p))) {
            report.already_enrolled += 1;
            let id = Some(found.id.clone());
            report.lines.push(EnrolmentLine { line: line.line, outcome: "already_enrolled", participant_id: id });
            continue;
        }
        let organisation = match line.organisation.as_ref().map(|o| &organisations[o]) {
            Some(Err(code)) => {
                let msg = match *code {
                    "ambiguous_organisation" => Msg::new(
                        "Plusieurs organisations portent ce nom : donnez son identifiant.",
                        "Several organisations have this name: give its id.",
                    ),
                    _ => Msg::new(
                        "Organisation introuvable dans le registre de ce partenaire.",
                        "No such organisation in this tenant's registry.",
                    ),
                };
                v.add(format!("lines[{}].organisation", line.line), code, msg);
                continue;
            }
            Some(Ok(org)) => Some(org),
            None => None,
        };
        let input = ParticipantInput {
            full_name: line.full_name.clone(),
            sex: line.sex,
            email: line.email.clone(),
            phone: line.phone.clone(),
            organisation_id: organisation.map(|o| o.id.clone()),
            mode: line.mode,
            status: None,
        };
        if let Err(e) = rules::validate(&input, &training, organisation) {
            v.extend(e.violations.prefixed(&format!("lines[{}].", line.line)));
            continue;
        }
        let row = rules::to_row(&input, organisation, training_id, Stamp::new(actor));
        if rules::takes_a_seat(&row) {
            seats += 1;
        }
        report.lines.push(EnrolmentLine { line: line.line, outcome: "enrolled", participant_id: Some(row.id.clone()) });
        enrolled.push(row.clone());
        rows.push(row);
    }
    v.finish()?;
    if let Some(capacity) = training.capacity_on_site.filter(|c| seats > i64::from(*c)) {
        return Err(ApiError::new(Code::CONFLICT).with_detail(
            format!("Le fichier demande {seats} places sur site pour {capacity} : inscrivez des personnes en ligne."),
            format!("The file needs {seats} on-site seats for {capacity}: enrol some people online."),
        ));
    }
    for row in &rows {
        store::insert(c, row)?;
        audit::record(c, actor, "enrol", ("participant", &row.id), json!(Participant::from(row)))?;
    }
    report.enrolled = rows.len();
    Ok(report)
}
