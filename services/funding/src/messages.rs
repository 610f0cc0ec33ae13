//! Messages to an applicant: an information request, a screening or committee
//! decision, written from a French and an English template with the call's and the
//! application's fields filled in, kept in both languages and read in the reader's.

use crate::applications::types::ApplicationRow;
use crate::calls::types::CallRow;
use crate::schema::messages as m;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::auth::Actor;
use modal_kit::db::AnyConnection;
use modal_kit::i18n::Lang;
use modal_kit::on_engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    InfoRequested,
    Eligible,
    Ineligible,
    Selected,
    Reserve,
    Rejected,
    ReportReturned,
}

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = m)]
struct MessageRow {
    tenant_id: String,
    id: String,
    application_id: String,
    kind: String,
    subject: String,
    body: String,
    language: String,
    created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Message {
    pub id: String,
    pub kind: MessageKind,
    pub subject: String,
    pub body: String,
    /// `fr` or `en`.
    pub language: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// The template of `kind` in `lang`: (subject, body) with `{call}`, `{title}`,
/// `{amount}` and `{reason}` to fill in.
fn template(kind: MessageKind, lang: Lang) -> (&'static str, &'static str) {
    use MessageKind::*;
    match (kind, lang) {
        (InfoRequested, Lang::Fr) => (
            "« {title} » : informations complémentaires demandées",
            "Votre candidature « {title} » à l'appel « {call} » demande des compléments : {reason}\nModifiez-la puis soumettez-la de nouveau.",
        ),
        (InfoRequested, Lang::En) => (
            "'{title}': more information requested",
            "Your application '{title}' to the call '{call}' needs more information: {reason}\nEdit it, then submit it again.",
        ),
        (Eligible, Lang::Fr) => ("« {title} » est recevable", "Votre candidature « {title} » à l'appel « {call} » est recevable et passe en évaluation."),
        (Eligible, Lang::En) => ("'{title}' is eligible", "Your application '{title}' to the call '{call}' is eligible and goes to review."),
        (Ineligible, Lang::Fr) => ("« {title} » n'est pas recevable", "Votre candidature « {title} » à l'appel « {call} » n'est pas recevable : {reason}"),
        (Ineligible, Lang::En) => ("'{title}' is not eligible", "Your application '{title}' to the call '{call}' is not eligible: {reason}"),
        (Selected, Lang::Fr) => (
            "« {title} » est retenue",
            "Le comité a retenu votre projet « {title} » (appel « {call} ») pour un financement de {amount}. {reason}",
        ),
        (Selected, Lang::En) => (
            "'{title}' is selected",
            "The committee selected your project '{title}' (call '{call}') for a grant of {amount}. {reason}",
        ),
        (Reserve, Lang::Fr) => (
            "« {title} » est sur liste d'attente",
            "Le comité a placé votre projet « {title} » (appel « {call} ») sur la liste d'attente. {reason}",
        ),
        (Reserve, Lang::En) => ("'{title}' is on the reserve list", "The committee put your project '{title}' (call '{call}') on the reserve list. {reason}"),
        (Rejected, Lang::Fr) => ("« {title} » n'est pas retenue", "Le comité n'a pas retenu votre projet « {title} » (appel « {call} »). {reason}"),
        (Rejected, Lang::En) => ("'{title}' is not selected", "The committee did not select your project '{title}' (call '{call}'). {reason}"),
        (ReportReturned, Lang::Fr) => (
            "« {title} » : rapport à reprendre",
            "Le rapport de votre projet « {title} » (appel « {call} ») vous est retourné : {reason}\nEnvoyez un nouveau rapport.",
        ),
        (ReportReturned, Lang::En) => (
            "'{title}': report returned",
            "The report of your project '{title}' (call '{call}') is returned to you: {reason}\nSend a new report.",
        ),
    }
}

fn fill(text: &str, call: &CallRow, app: &ApplicationRow, reason: &str, lang: Lang) -> String {
    let title = match lang {
        Lang::En => call.title_en.as_deref().unwrap_or(&call.title),
        Lang::Fr => &call.title,
    };
    text.replace("{call}", title)
        .replace("{title}", &app.title)
        .replace("{amount}", &app.currency().format(app.requested))
        .replace("{reason}", reason)
}

/// Writes the message of `kind` about `app`, in French and in English.
pub fn send(
    conn: &mut AnyConnection,
    actor: &Actor,
    kind: MessageKind,
    call: &CallRow,
    app: &ApplicationRow,
    reason: &str,
) -> QueryResult<()> {
    for lang in [Lang::Fr, Lang::En] {
        let (subject, body) = template(kind, lang);
        let row = MessageRow {
            tenant_id: actor.tenant.clone(),
            id: uuid::Uuid::now_v7().to_string(),
            application_id: app.id.clone(),
            kind: modal_kit::text::code_of(&kind),
            subject: fill(subject, call, app, reason, lang),
            body: fill(body, call, app, reason, lang).trim().to_string(),
            language: lang.tag().to_string(),
            created_at: modal_kit::clock::now(),
        };
        on_engine!(conn, |c| diesel::insert_into(m::table).values(&row).execute(c))?;
    }
    Ok(())
}

/// The messages about an application, in `lang`, oldest first.
pub fn of_application(
    conn: &mut AnyConnection,
    tenant: &str,
    application: &str,
    lang: Lang,
) -> QueryResult<Vec<Message>> {
    let rows: Vec<MessageRow> = on_engine!(conn, |c| m::table
        .filter(m::tenant_id.eq(tenant))
        .filter(m::application_id.eq(application))
        .filter(m::language.eq(lang.tag()))
        .order(m::id)
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Message {
                kind: modal_kit::text::parse_code(&r.kind)?,
                id: r.id,
                subject: r.subject,
                body: r.body,
                language: r.language,
                created_at: r.created_at.and_utc(),
            })
        })
        .collect())
}
