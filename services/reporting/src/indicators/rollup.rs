//! The programme's figure: recomputed from the tenants' counts — numerators and
//! denominators summed, then divided — never an average of the tenants' ratios.

use super::value::IndicatorValue;

/// Sums each indicator across tenants (every list in catalogue order).
pub fn total(tenants: &[Vec<IndicatorValue>]) -> Vec<IndicatorValue> {
    let Some(first) = tenants.first() else { return Vec::new() };
    (0..first.len())
        .map(|i| {
            let of_tenants: Vec<&IndicatorValue> = tenants.iter().map(|t| &t[i]).collect();
            let mut sum = IndicatorValue { value: None, numerator: 0, denominator: None, ..first[i].clone() };
            sum.disaggregations.clear();
            for v in &of_tenants {
                sum.numerator += v.numerator;
                if let Some(d) = v.denominator {
                    sum.denominator = Some(sum.denominator.unwrap_or(0) + d);
                }
                for (dimension, categories) in &v.disaggregations {
                    let into = sum.disaggregations.entry(dimension.clone()).or_default();
                    for (category, n) in categories {
                        *into.entry(category.clone()).or_insert(0) += n;
                    }
                }
            }
            sum.complete = of_tenants.iter().all(|v| v.complete);
            sum.settle(of_tenants.iter().any(|v| v.complete))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::value::Unit;

    fn share(n: i64, d: i64) -> IndicatorValue {
        IndicatorValue {
            code: "women_trained_share".into(),
            unit: Unit::PercentTenths,
            value: None,
            numerator: n,
            denominator: Some(d),
            disaggregations: Default::default(),
            source: "training".into(),
            complete: true,
        }
        .settle(true)
    }

    #[test]
    fn a_programme_ratio_divides_the_summed_counts_rather_than_averaging_the_ratios() {
        // 9 women of 10, and 1 of 90: the average of ratios would say 45 %.
        let t = total(&[vec![share(9, 10)], vec![share(1, 90)]]);
        assert_eq!(t[0].value, Some(100));
        assert_eq!((t[0].numerator, t[0].denominator), (10, Some(100)));
    }

    #[test]
    fn a_total_over_a_tenant_never_read_is_marked_partial() {
        let mut missing = share(0, 0);
        missing.complete = false;
        let t = total(&[vec![share(3, 4)], vec![missing]]);
        assert_eq!(t[0].value, Some(750));
        assert!(!t[0].complete);
    }
}
