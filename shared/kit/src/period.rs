//! The `?from=&to=` of every stats endpoint, so that a period's figure is what
//! happened in it (reporting asks for Q3 2021 and gets Q3 2021). Days are the
//! tenant's, in its time zone; both ends are included; either may be left out.

use crate::ApiError;
use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// First day (included); without it, from the beginning.
    pub from: Option<NaiveDate>,
    /// Last day (included); without it, up to now.
    pub to: Option<NaiveDate>,
}

impl Period {
    /// A 422 on `to` when it comes before `from`.
    pub fn check(self) -> Result<Period, ApiError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to < from => Err(ApiError::invalid_field(
                "to",
                "before_from",
                "La fin précède le début.",
                "The end comes before the start.",
            )),
            _ => Ok(self),
        }
    }

    /// The period's days in the IANA time zone `zone` (UTC if unknown) as UTC
    /// instants: the first instant in, and the first instant after. Stored
    /// timestamps are UTC, so a query keeps `start <= at < end`.
    pub fn utc_bounds(self, zone: &str) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
        let midnight = |day: NaiveDate| {
            let local = day.and_hms_opt(0, 0, 0).expect("midnight exists");
            // A day that starts in a gap (a clock moved forward at midnight) starts
            // at the gap's end; `earliest` covers a repeated midnight.
            tz.from_local_datetime(&local)
                .earliest()
                .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
                .map_or(local, |at| at.naive_utc())
        };
        let end = self.to.and_then(|to| to.checked_add_days(Days::new(1)));
        (self.from.map(midnight), end.map(midnight))
    }

    /// As [`Period::utc_bounds`], an open end as a far instant, for a plain
    /// `start <= at AND at < end` in SQL on both engines (one query shape, rather
    /// than a boxed query per combination of ends).
    pub fn utc_range(self, zone: &str) -> (NaiveDateTime, NaiveDateTime) {
        let (start, end) = self.utc_bounds(zone);
        let far = |s: &str| s.parse::<NaiveDateTime>().expect("a valid instant");
        (start.unwrap_or_else(|| far("1900-01-01T00:00:00")), end.unwrap_or_else(|| far("9999-01-01T00:00:00")))
    }

    /// The first and last day, an open end as a far day, for `from <= day AND day <= to`.
    pub fn day_range(self) -> (NaiveDate, NaiveDate) {
        let far = |s: &str| s.parse::<NaiveDate>().expect("a valid day");
        (self.from.unwrap_or_else(|| far("1900-01-01")), self.to.unwrap_or_else(|| far("9999-01-01")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_day_range_keeps_both_ends_and_opens_a_missing_one_wide() {
        let q3 = Period { from: Some(day("2021-07-01")), to: Some(day("2021-09-30")) };
        assert_eq!(q3.day_range(), (day("2021-07-01"), day("2021-09-30")));
        let (from, to) = Period { from: None, to: Some(day("2021-09-30")) }.day_range();
        assert!(from < day("1990-01-01") && to == day("2021-09-30"));
        let (from, to) = Period::default().day_range();
        assert!(from < day("1990-01-01") && to > day("2999-12-31"));
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        assert!(Period { from: Some(day("2021-10-01")), to: Some(day("2021-09-30")) }.check().is_err());
        assert!(Period { from: Some(day("2021-09-30")), to: Some(day("2021-09-30")) }.check().is_ok());
    }

    #[test]
    fn the_bounds_are_the_tenants_midnights_in_utc() {
        let q3 = Period { from: Some(day("2021-07-01")), to: Some(day("2021-09-30")) };
        let at = |s: &str| s.parse::<NaiveDateTime>().unwrap();
        // Dakar is UTC all year; Casablanca was UTC+1 in 2021.
        assert_eq!(q3.utc_bounds("Africa/Dakar"), (Some(at("2021-07-01T00:00:00")), Some(at("2021-10-01T00:00:00"))));
        assert_eq!(
            q3.utc_bounds("Africa/Casablanca"),
            (Some(at("2021-06-30T23:00:00")), Some(at("2021-09-30T23:00:00")))
        );
        assert_eq!(Period::default().utc_bounds("Africa/Dakar"), (None, None));
    }
}
