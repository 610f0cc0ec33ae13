//! A disbursement request and its payments, as sent, stored and answered.

use crate::schema::{disbursements, payments};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::money::Currency;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisbursementStatus {
    Requested,
    Approved,
    /// Paid in full.
    Paid,
}

/// Ask for (part of) a tranche.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisbursementRequest {
    /// Minor units; by default all that remains of the tranche.
    #[schema(minimum = 1)]
    pub amount: Option<i64>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// A payment made on an approved request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Minor units of the grant's currency.
    #[schema(minimum = 1)]
    pub amount: i64,
    pub paid_on: NaiveDate,
    /// The bank or mobile-money transfer's reference.
    #[schema(min_length = 1, max_length = 100, example = "VIR-2021-0815")]
    pub reference: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Payment {
    pub id: String,
    pub disbursement_id: String,
    pub amount: i64,
    pub currency: Currency,
    pub paid_on: NaiveDate,
    pub reference: String,
    pub recorded_by: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub recorded_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Disbursement {
    pub id: String,
    pub grant_id: String,
    /// The tranche's number.
    pub tranche: i32,
    pub amount: i64,
    pub currency: Currency,
    pub note: Option<String>,
    pub status: DisbursementStatus,
    pub requested_by: String,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub requested_at: DateTime<Utc>,
    pub approved_by: Option<String>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub approved_at: Option<DateTime<Utc>>,
    pub paid: i64,
    pub payments: Vec<Payment>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = disbursements, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct DisbursementRow {
    pub tenant_id: String,
    pub id: String,
    pub grant_id: String,
    pub tranche_id: String,
    pub amount: i64,
    pub note: Option<String>,
    pub status: String,
    pub requested_by: String,
    pub requested_at: NaiveDateTime,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
}

impl DisbursementRow {
    pub fn status(&self) -> DisbursementStatus {
        parse_code(&self.status).unwrap_or(DisbursementStatus::Requested)
    }
}

#[derive(Clone, Debug, Queryable, Insertable)]
#[diesel(table_name = payments, check_for_backend(modal_kit::db::MultiBackend))]
pub struct PaymentRow {
    pub tenant_id: String,
    pub id: String,
    pub grant_id: String,
    pub tranche_id: String,
    pub disbursement_id: String,
    pub amount: i64,
    pub paid_on: NaiveDate,
    pub reference: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

impl PaymentRow {
    pub fn answer(&self, currency: Currency) -> Payment {
        Payment {
            id: self.id.clone(),
            disbursement_id: self.disbursement_id.clone(),
            amount: self.amount,
            currency,
            paid_on: self.paid_on,
            reference: self.reference.clone(),
            recorded_by: self.recorded_by.clone(),
            recorded_at: self.recorded_at.and_utc(),
        }
    }
}

impl DisbursementRow {
    /// The request as answered, with its payments.
    pub fn answer(&self, tranche: i32, currency: Currency, payments: &[PaymentRow]) -> Disbursement {
        let mine: Vec<Payment> =
            payments.iter().filter(|p| p.disbursement_id == self.id).map(|p| p.answer(currency)).collect();
        Disbursement {
            id: self.id.clone(),
            grant_id: self.grant_id.clone(),
            tranche,
            amount: self.amount,
            currency,
            note: self.note.clone(),
            status: self.status(),
            requested_by: self.requested_by.clone(),
            requested_at: self.requested_at.and_utc(),
            approved_by: self.approved_by.clone(),
            approved_at: self.approved_at.map(|t| t.and_utc()),
            paid: mine.iter().map(|p| p.amount).sum(),
            payments: mine,
        }
    }
}
