//! The framework's periods: a year (`2021`) or a quarter (`2021-Q3`). A label is
//! what reports, snapshots and exports are keyed on; its days are what the
//! services' stats are asked for (`?from=&to=`, both included).

use chrono::NaiveDate;
use modal_kit::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportPeriod {
    pub year: i32,
    /// 1 to 4; `None` for the whole year.
    pub quarter: Option<u32>,
}

impl ReportPeriod {
    pub fn parse(label: &str) -> Option<ReportPeriod> {
        let (year, quarter) = match label.split_once("-Q") {
            Some((y, q)) => (y, Some(q.parse::<u32>().ok().filter(|q| (1..=4).contains(q))?)),
            None => (label, None),
        };
        let year = year.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y) && year.len() == 4)?;
        Some(ReportPeriod { year, quarter })
    }

    pub fn label(self) -> String {
        match self.quarter {
            Some(q) => format!("{}-Q{q}", self.year),
            None => self.year.to_string(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let month = self.quarter.map_or(1, |q| 3 * q - 2);
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("a valid first day")
    }

    pub fn last_day(self) -> NaiveDate {
        let (year, month) = match self.quarter {
            Some(4) | None => (self.year + 1, 1),
            Some(q) => (self.year, 3 * q + 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("a valid day").pred_opt().expect("a day before")
    }

    /// The year and its four quarters: what one gathering for a year asks for.
    pub fn year_and_quarters(year: i32) -> Vec<ReportPeriod> {
        std::iter::once(ReportPeriod { year, quarter: None })
            .chain((1..=4).map(|q| ReportPeriod { year, quarter: Some(q) }))
            .collect()
    }
}

/// `?period=2021` or `?period=2021-Q3`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// A year (`2021`) or a quarter (`2021-Q3`).
    #[param(example = "2021-Q3", pattern = r"^\d{4}(-Q[1-4])?$")]
    pub period: String,
}

impl PeriodQuery {
    pub fn check(&self) -> Result<ReportPeriod, ApiError> {
        ReportPeriod::parse(&self.period).ok_or_else(bad_period)
    }
}

pub fn bad_period() -> ApiError {
    ApiError::invalid_field(
        "period",
        "bad_period",
        "Une période est une année (2021) ou un trimestre (2021-T3 s'écrit 2021-Q3).",
        "A period is a year (2021) or a quarter (2021-Q3).",
    )
}

/// A period as answers show it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PeriodInfo {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl From<ReportPeriod> for PeriodInfo {
    fn from(p: ReportPeriod) -> PeriodInfo {
        PeriodInfo { label: p.label(), from: p.first_day(), to: p.last_day() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_quarter_runs_from_its_first_to_its_last_day() {
        let q3 = ReportPeriod::parse("2021-Q3").unwrap();
        assert_eq!((q3.first_day(), q3.last_day()), (day("2021-07-01"), day("2021-09-30")));
        let q4 = ReportPeriod::parse("2021-Q4").unwrap();
        assert_eq!((q4.first_day(), q4.last_day()), (day("2021-10-01"), day("2021-12-31")));
        let year = ReportPeriod::parse("2024").unwrap();
        assert_eq!((year.first_day(), year.last_day()), (day("2024-01-01"), day("2024-12-31")));
        assert_eq!(q3.label(), "2021-Q3");
    }

    #[test]
    fn labels_that_are_not_a_year_or_a_quarter_are_refused() {
        for bad in ["", "21", "2021-Q5", "2021-Q0", "2021-03", "20211", "1999", "abcd", "2021-Q"] {
            assert_eq!(ReportPeriod::parse(bad), None, "{bad}");
        }
    }
}
