//! A training (one session of the programme, e.g. Thiès 2–6 Aug 2021): request,
//! stored row and answer kept apart.

use crate::schema::trainings;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::parse_code;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrainingFormat {
    OnSite,
    Online,
    Hybrid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Fr,
    En,
    Ar,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingInput {
    #[schema(min_length = 1, max_length = 200, example = "Gestion de projets de développement local")]
    pub title: String,
    /// The partner hosting the training, as printed on certificates; defaults to the tenant's name.
    #[schema(max_length = 120)]
    pub host_partner: Option<String>,
    #[schema(max_length = 120, example = "Thiès")]
    pub city: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "SN")]
    pub country: String,
    pub start_date: NaiveDate,
    /// Inclusive; at most 60 days after the start.
    pub end_date: NaiveDate,
    pub format: TrainingFormat,
    /// Seats on site (on-site and hybrid trainings).
    #[schema(minimum = 1, maximum = 10000)]
    pub capacity_on_site: Option<i32>,
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub trainers: Vec<String>,
    pub language: Option<Language>,
    /// Weighted attendance (percent) that earns a certificate; default 80.
    #[schema(minimum = 1, maximum = 100)]
    pub certificate_threshold: Option<i32>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Training {
    pub id: String,
    pub tenant: String,
    pub title: String,
    pub host_partner: String,
    pub city: String,
    pub country: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub format: TrainingFormat,
    pub capacity_on_site: Option<i32>,
    pub modules: Vec<String>,
    pub trainers: Vec<String>,
    pub language: Language,
    pub certificate_threshold: i32,
    /// One attendance day per calendar day from start to end.
    pub days: Vec<NaiveDate>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = trainings, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct TrainingRow {
    pub tenant_id: String,
    pub id: String,
    pub title: String,
    pub host_partner: String,
    pub city: String,
    pub country: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub format: String,
    pub capacity_on_site: Option<i32>,
    pub modules: String,
    pub trainers: String,
    pub language: String,
    pub certificate_threshold: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
}

impl From<&TrainingRow> for Training {
    fn from(row: &TrainingRow) -> Training {
        Training {
            id: row.id.clone(),
            tenant: row.tenant_id.clone(),
            title: row.title.clone(),
            host_partner: row.host_partner.clone(),
            city: row.city.clone(),
            country: row.country.clone(),
            start_date: row.start_date,
            end_date: row.end_date,
            format: parse_code(&row.format).unwrap_or(TrainingFormat::OnSite),
            capacity_on_site: row.capacity_on_site,
            modules: serde_json::from_str(&row.modules).unwrap_or_default(),
            trainers: serde_json::from_str(&row.trainers).unwrap_or_default(),
            language: parse_code(&row.language).unwrap_or(Language::Fr),
            certificate_threshold: row.certificate_threshold,
            days: row.days(),
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

modal_kit::stamped!(TrainingRow);

impl TrainingRow {
    /// Every calendar day of the training, start and end included (one
    /// attendance day each).
    pub fn days(&self) -> Vec<NaiveDate> {
        days_of(self.start_date, self.end_date)
    }
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrainingFilter {
    /// Trainings that end on or after this date.
    pub from: Option<NaiveDate>,
    /// Trainings that start on or before this date.
    pub to: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

/// Every calendar day from `start` to `end`, both included.
pub fn days_of(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    start.iter_days().take_while(|d| *d <= end).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_training_has_one_day_per_calendar_day_inclusive() {
        let d = |day| NaiveDate::from_ymd_opt(2021, 8, day).unwrap();
        assert_eq!(days_of(d(2), d(6)), vec![d(2), d(3), d(4), d(5), d(6)]);
        assert_eq!(days_of(d(9), d(9)), vec![d(9)]);
        assert!(days_of(d(6), d(2)).is_empty());
    }
}
