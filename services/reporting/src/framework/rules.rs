//! Framework rules as plain functions: what a result, an indicator and a manual
//! value must be, and which moves a manual value can make.

use super::types::*;
use crate::indicators::catalogue::definition;
use crate::periods::ReportPeriod;
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::{code_of, join_set};
use modal_kit::validate::Violations;
use modal_kit::ApiError;

pub fn validate_result(input: &ResultInput, parent_found: Option<bool>) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.required_text("title", &input.title, 300);
    if parent_found == Some(false) {
        v.add("parent_id", "unknown_result", Msg::new("Résultat introuvable.", "No such result."));
    }
    Ok(v.finish()?)
}

pub fn validate_indicator(input: &IndicatorInput) -> Result<(), ApiError> {
    let mut v = Violations::new();
    let well_formed = !input.code.is_empty()
        && input.code.len() <= 60
        && input.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let in_catalogue = definition(&input.code).is_some();
    match input.kind {
        IndicatorKind::Computed if !in_catalogue => v.add(
            "code",
            "unknown_indicator",
            Msg::new(
                "Pas un indicateur du catalogue (GET /v1/indicators).",
                "Not a catalogue indicator (GET /v1/indicators).",
            ),
        ),
        IndicatorKind::ManualValue | IndicatorKind::ManualNarrative if in_catalogue => v.add(
            "code",
            "computed_indicator",
            Msg::new(
                "Cet indicateur est calculé : il ne se saisit pas.",
                "This indicator is computed: it is never typed in.",
            ),
        ),
        IndicatorKind::ManualValue | IndicatorKind::ManualNarrative if !well_formed => v.add(
            "code",
            "bad_code",
            Msg::new(
                "Lettres minuscules, chiffres et _ (60 au plus).",
                "Lower-case letters, digits and _ (60 at most).",
            ),
        ),
        _ => {}
    }
    match (&input.title, input.kind) {
        (None, IndicatorKind::ManualValue | IndicatorKind::ManualNarrative) => {
            v.add("title", "required", Msg::new("Un titre est requis.", "A title is required."))
        }
        (Some(title), _) => v.max_len("title", title, 300),
        _ => {}
    }
    if let Some(year) = input.baseline_year {
        v.range("baseline_year", i64::from(year), 2000, 2100);
    }
    if input.targets.len() > 40 {
        v.add("targets", "too_many", Msg::new("Au plus 40 cibles.", "At most 40 targets."));
    }
    for (period, target) in &input.targets {
        if ReportPeriod::parse(period).is_none() {
            v.add(
                format!("targets.{period}"),
                "bad_period",
                Msg::new("Une année ou un trimestre (2021-Q3).", "A year or a quarter (2021-Q3)."),
            );
        }
        if *target < 0 {
            v.add(format!("targets.{period}"), "out_of_range", Msg::new("Au moins 0.", "At least 0."));
        }
    }
    Ok(v.finish()?)
}

pub fn validate_value(input: &ValueInput, kind: IndicatorKind) -> Result<(), ApiError> {
    let mut v = Violations::new();
    v.max_len("narrative", &input.narrative, 4000);
    match (kind, input.value) {
        (IndicatorKind::ManualValue, None) => {
            v.add("value", "required", Msg::new("Une valeur est requise.", "A value is required."))
        }
        (IndicatorKind::ManualNarrative, Some(_)) => v.add(
            "value",
            "not_expected",
            Msg::new("Cet indicateur se renseigne par un récit.", "This indicator is reported as a narrative."),
        ),
        (IndicatorKind::Computed, _) => v.add(
            "kind",
            "computed_indicator",
            Msg::new("Un indicateur calculé ne se saisit pas.", "A computed indicator is never typed in."),
        ),
        _ => {}
    }
    if kind == IndicatorKind::ManualNarrative && input.narrative.trim().is_empty() {
        v.add("narrative", "required", Msg::new("Un récit est requis.", "A narrative is required."));
    }
    if input.evidence_urls.len() > 10 {
        v.add("evidence_urls", "too_many", Msg::new("Au plus 10 liens.", "At most 10 links."));
    }
    for (i, url) in input.evidence_urls.iter().enumerate() {
        let lower = url.to_ascii_lowercase();
        let web = (lower.starts_with("https://") || lower.starts_with("http://")) && url.len() <= 2000;
        if !web || url.contains(|c: char| c.is_whitespace() || c == '|') {
            v.add(format!("evidence_urls[{i}]"), "bad_url", Msg::new("Un lien http(s).", "An http(s) link."));
        }
    }
    Ok(v.finish()?)
}

/// Where a manual value can go from `from`: edited (back to a draft), submitted, or
/// reviewed; `None` when it cannot. An approved value is locked.
pub fn next_status(from: Option<ValueStatus>, action: &str) -> Option<ValueStatus> {
    use ValueStatus::*;
    match (from, action) {
        (None | Some(Draft | Returned), "edit") => Some(Draft),
        (Some(Draft | Returned), "submit") => Some(Submitted),
        (Some(Submitted), "approve") => Some(Approved),
        (Some(Submitted), "return") => Some(Returned),
        _ => None,
    }
}

/// What `from` could do instead, for the 409's `allowed`.
pub fn possible(from: Option<ValueStatus>) -> Vec<String> {
    ["edit", "submit", "approve", "return"]
        .iter()
        .filter(|a| next_status(from, a).is_some())
        .map(|a| a.to_string())
        .collect()
}

pub fn result_row(input: &ResultInput, stamp: Stamp) -> ResultRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    ResultRow {
        tenant_id,
        id,
        level: code_of(&input.level),
        title: input.title.trim().to_string(),
        parent_id: input.parent_id.clone(),
        version,
        created_at,
        created_by,
        updated_at,
        updated_by,
    }
}

pub fn indicator_row(input: &IndicatorInput, result_id: &str, stamp: Stamp) -> IndicatorRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    let title = match (&input.title, definition(&input.code)) {
        (Some(t), _) => t.trim().to_string(),
        (None, Some(d)) => d.label_fr.to_string(),
        (None, None) => input.code.clone(),
    };
    IndicatorRow {
        tenant_id,
        id,
        result_id: result_id.to_string(),
        code: input.code.clone(),
        kind: code_of(&input.kind),
        title,
        baseline: input.baseline,
        baseline_year: input.baseline_year,
        targets: serde_json::to_string(&input.targets).unwrap_or_else(|_| "{}".into()),
        version,
        created_at,
        created_by,
        updated_at,
        updated_by,
    }
}

pub fn value_row(input: &ValueInput, indicator_id: &str, period: &str, status: ValueStatus, stamp: Stamp) -> ValueRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    ValueRow {
        tenant_id,
        id,
        indicator_id: indicator_id.to_string(),
        period: period.to_string(),
        value: input.value,
        narrative: input.narrative.trim().to_string(),
        evidence_urls: join_set(&input.evidence_urls),
        status: code_of(&status),
        comments: None,
        version,
        created_at,
        created_by,
        updated_at,
        updated_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueStatus::*;

    #[test]
    fn a_value_goes_draft_submitted_then_approved_and_is_locked_or_returned_and_edited() {
        assert_eq!(next_status(None, "edit"), Some(Draft));
        assert_eq!(next_status(Some(Draft), "submit"), Some(Submitted));
        assert_eq!(next_status(Some(Submitted), "edit"), None, "submitted: waits for the review");
        assert_eq!(next_status(Some(Submitted), "return"), Some(Returned));
        assert_eq!(next_status(Some(Returned), "edit"), Some(Draft));
        assert_eq!(next_status(Some(Submitted), "approve"), Some(Approved));
        assert_eq!(possible(Some(Approved)), Vec::<String>::new(), "approved: locked");
    }

    #[test]
    fn a_computed_indicator_is_never_typed_in_and_a_manual_one_has_its_own_code() {
        let input = |code: &str, kind| IndicatorInput {
            code: code.into(),
            kind,
            title: Some("t".into()),
            baseline: None,
            baseline_year: None,
            targets: Default::default(),
        };
        assert!(validate_indicator(&input("persons_trained", IndicatorKind::Computed)).is_ok());
        assert!(validate_indicator(&input("persons_trained", IndicatorKind::ManualValue)).is_err());
        assert!(validate_indicator(&input("plans_locaux", IndicatorKind::ManualValue)).is_ok());
        assert!(validate_indicator(&input("plans_locaux", IndicatorKind::Computed)).is_err());
        assert!(validate_indicator(&input("Plans Locaux", IndicatorKind::ManualValue)).is_err());
    }
}
