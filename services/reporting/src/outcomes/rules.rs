//! Outcome rules as plain functions.

use super::types::*;
use chrono::NaiveDate;
use modal_kit::i18n::Msg;
use modal_kit::stamp::Stamp;
use modal_kit::text::{code_of, id_like, join_set};
use modal_kit::validate::Violations;

const MAX_LINKS: usize = 50;

/// Checks what can be checked without asking another service; `today` is the
/// tenant's.
pub fn validate(input: &OutcomeInput, today: NaiveDate) -> Violations {
    let mut v = Violations::new();
    v.required_text("title", &input.title, 200);
    v.max_len("description", &input.description, 4000);
    if input.occurred_on > today {
        v.add("occurred_on", "in_future", Msg::new("La date est dans le futur.", "The date is in the future."));
    }
    if let Some(members) = input.members {
        v.range("members", i64::from(members), 0, 1_000_000);
    }
    for (field, ids) in [("organisation_ids", &input.organisation_ids), ("training_ids", &input.training_ids)] {
        if ids.len() > MAX_LINKS {
            v.add(field, "too_many", Msg::new("Au plus 50 liens.", "At most 50 links."));
        }
        for (i, id) in ids.iter().enumerate() {
            if !id_like(id) {
                v.add(format!("{field}[{i}]"), "bad_id", Msg::new("Identifiant invalide.", "Not a valid id."));
            } else if ids[..i].contains(id) {
                v.add(format!("{field}[{i}]"), "duplicate", Msg::new("Lien en double.", "Duplicate link."));
            }
        }
    }
    if let Some(url) = &input.evidence_url {
        v.max_len("evidence_url", url, 2000);
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) || url.chars().any(char::is_whitespace) {
            v.add(
                "evidence_url",
                "bad_url",
                Msg::new("Un lien http(s) vers la preuve.", "An http(s) link to the evidence."),
            );
        }
    }
    v
}

/// The stored form of a (valid) input, stamped `stamp`.
pub fn to_row(input: &OutcomeInput, stamp: Stamp) -> OutcomeRow {
    let Stamp { tenant_id, id, version, created_at, created_by, updated_at, updated_by } = stamp;
    OutcomeRow {
        tenant_id,
        id,
        kind: code_of(&input.kind),
        title: input.title.trim().to_string(),
        description: input.description.trim().to_string(),
        occurred_on: input.occurred_on,
        members: input.members,
        organisation_ids: join_set(&input.organisation_ids),
        training_ids: join_set(&input.training_ids),
        evidence_url: input.evidence_url.clone(),
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

    fn input() -> OutcomeInput {
        OutcomeInput {
            kind: OutcomeKind::Network,
            title: "Groupe WhatsApp des formés de Thiès".into(),
            description: String::new(),
            occurred_on: "2021-09-15".parse().unwrap(),
            members: Some(42),
            organisation_ids: vec![],
            training_ids: vec![],
            evidence_url: Some("https://example.org/preuve".into()),
        }
    }

    #[test]
    fn an_outcome_dated_tomorrow_is_refused() {
        let today = "2021-09-14".parse().unwrap();
        let v = validate(&input(), today);
        assert_eq!(v.len(), 1);
        assert!(validate(&input(), "2021-09-15".parse().unwrap()).is_empty());
    }

    #[test]
    fn evidence_must_be_a_web_link_and_links_must_be_ids() {
        let mut bad = input();
        bad.evidence_url = Some("javascript:alert(1)".into());
        bad.organisation_ids = vec!["a b".into(), "0190".into(), "0190".into()];
        assert_eq!(validate(&bad, "2030-01-01".parse().unwrap()).len(), 3);
    }
}
