//! An indicator's figure for one tenant (or the programme) and one period.

use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of things (organisations, persons, applications…).
    Count,
    /// numerator / denominator × 1000: tenths of a percent (455 is 45.5 %), so
    /// that the contract carries integers only.
    PercentTenths,
    /// Euro cents, each amount converted at the rate of its day by funding.
    EurCents,
}

/// Category → count, per dimension (`sex` → `female` → 38).
pub type Disaggregations = BTreeMap<String, BTreeMap<String, i64>>;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct IndicatorValue {
    pub code: String,
    pub unit: Unit,
    /// The figure: the numerator for a count or an amount; for a ratio, tenths of
    /// a percent, rounded half up. `null` when its source has never been read, or
    /// a ratio's denominator is 0.
    pub value: Option<i64>,
    pub numerator: i64,
    /// A ratio's denominator (the programme's is the sum of the tenants').
    pub denominator: Option<i64>,
    pub disaggregations: Disaggregations,
    /// The service the figure comes from (`reporting` for the outcome log).
    pub source: String,
    /// Whether every figure it sums was available (a tenant whose source was
    /// never read makes the programme's total partial).
    pub complete: bool,
}

impl IndicatorValue {
    /// The value from the numerator and denominator (how a total is recomputed
    /// too); `None` when no figure it sums was `available`.
    pub fn settle(mut self, available: bool) -> IndicatorValue {
        self.value = match (self.unit, self.denominator) {
            _ if !available => None,
            (Unit::PercentTenths, Some(d)) if d > 0 => Some((self.numerator * 2000 + d) / (2 * d)),
            (Unit::PercentTenths, _) => None,
            _ => Some(self.numerator),
        };
        self
    }
}
