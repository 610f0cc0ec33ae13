//! Certificates of participation.

use crate::schema::certificates;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = certificates, check_for_backend(modal_kit::db::MultiBackend))]
pub struct CertificateRow {
    pub tenant_id: String,
    pub id: String,
    pub training_id: String,
    pub participant_id: String,
    pub code: String,
    pub holder_name: Option<String>,
    pub attendance_percent: i32,
    pub issued_at: NaiveDateTime,
    pub issued_by: String,
    pub revoked_at: Option<NaiveDateTime>,
    pub revocation_reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Certificate {
    pub id: String,
    pub training_id: String,
    pub participant_id: String,
    /// The verification code, checked by anyone at `/v1/certificates/{code}`.
    pub code: String,
    pub holder_name: Option<String>,
    pub attendance_percent: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub issued_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub revoked_at: Option<DateTime<Utc>>,
    pub revocation_reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssueReport {
    /// Certificates issued by this call.
    pub issued: Vec<Certificate>,
    /// Participants who already had one.
    pub already_issued: usize,
    /// Participants below the training's attendance threshold (or cancelled).
    pub not_eligible: usize,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// What the public verification shows: enough to trust a certificate, no more.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    /// `valid` or `revoked`.
    pub status: String,
    /// The holder's name as printed (null if the person's data was erased).
    pub holder_name: Option<String>,
    pub training_title: String,
    pub host_partner: String,
    pub place: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    pub revocation_reason: Option<String>,
}

impl From<&CertificateRow> for Certificate {
    fn from(row: &CertificateRow) -> Certificate {
        Certificate {
            id: row.id.clone(),
            training_id: row.training_id.clone(),
            participant_id: row.participant_id.clone(),
            code: row.code.clone(),
            holder_name: row.holder_name.clone(),
            attendance_percent: row.attendance_percent,
            issued_at: row.issued_at.and_utc(),
            revoked_at: row.revoked_at.map(|r| r.and_utc()),
            revocation_reason: row.revocation_reason.clone(),
        }
    }
}

/// The `{id}` (training) and `{certificate}` of a certificate's path.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CertificatePath {
    /// The training's id.
    pub id: String,
    /// The certificate's id.
    pub certificate: String,
}
