//! An attachment as stored and as answered.

use crate::schema::attachments;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A detailed budget of an application.
    Budget,
    /// The applicant's statutes.
    Statutes,
    /// Anything else an application brings.
    Other,
    /// A grant agreement signed by the applicant.
    SignedByApplicant,
    /// A grant agreement signed by the programme.
    SignedByProgramme,
    /// A receipt backing a report's expenses.
    Receipt,
}

/// What a file is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Application,
    Grant,
    Report,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Attachment {
    pub id: String,
    pub owner: Owner,
    pub owner_id: String,
    pub kind: AttachmentKind,
    pub filename: String,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hexadecimal.
    pub sha256: String,
    pub uploaded_by: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = attachments, check_for_backend(modal_kit::db::MultiBackend))]
pub struct AttachmentRow {
    pub tenant_id: String,
    pub id: String,
    pub owner: String,
    pub owner_id: String,
    pub kind: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
}

impl AttachmentRow {
    pub fn owner(&self) -> Owner {
        parse_code(&self.owner).unwrap_or(Owner::Application)
    }
}

impl From<&AttachmentRow> for Attachment {
    fn from(r: &AttachmentRow) -> Attachment {
        Attachment {
            id: r.id.clone(),
            owner: r.owner(),
            owner_id: r.owner_id.clone(),
            kind: parse_code(&r.kind).unwrap_or(AttachmentKind::Other),
            filename: r.filename.clone(),
            content_type: r.content_type.clone(),
            size: r.size,
            sha256: r.sha256.clone(),
            uploaded_by: r.uploaded_by.clone(),
            uploaded_at: r.uploaded_at.and_utc(),
        }
    }
}

/// How an application's file is sent: the raw bytes as the body, with their
/// `Content-Type`, and these in the query.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApplicationUpload {
    /// `budget`, `statutes` or `other`.
    pub kind: AttachmentKind,
    /// The file's name, e.g. `budget-detaille.xlsx`.
    pub filename: String,
}

/// The file's name, for uploads whose kind the route says.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NamedUpload {
    pub filename: String,
}
