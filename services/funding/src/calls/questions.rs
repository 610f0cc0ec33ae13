//! A call's own questions: a JSON Schema in a small documented subset, and the
//! answers of an application checked against it on the server (the `jsonschema`
//! crate), each error on its field.
//!
//! The subset: an object whose `properties` are questions, each with an optional
//! `title` and `description`, of one of these shapes —
//!
//! | question | schema |
//! |---|---|
//! | text | `{"type": "string", "maxLength": n}` (n ≤ 500) |
//! | long text | `{"type": "string", "maxLength": n}` (500 < n ≤ 10000) |
//! | number | `{"type": "integer"}`, with `minimum` / `maximum` |
//! | date | `{"type": "string", "format": "date"}` |
//! | choice | `{"type": "string", "enum": ["…", …]}` |
//! | multi-choice | `{"type": "array", "items": {"type": "string", "enum": […]}, "uniqueItems": true}` |
//! | yes/no | `{"type": "boolean"}` |
//!
//! and `required`, the list of questions that must be answered. Nothing else is
//! accepted (no references, no nested objects), and answers to questions the
//! schema does not ask are refused.

use jsonschema::error::ValidationErrorKind;
use modal_kit::i18n::Msg;
use modal_kit::validate::Violations;
use serde_json::{json, Map, Value};

const MAX_QUESTIONS: usize = 50;

/// What is wrong with `schema` as a call's questions (nothing: it fits the subset).
pub fn check_schema(schema: &Value) -> Violations {
    let mut v = Violations::new();
    let bad =
        |v: &mut Violations, field: &str, fr: &str, en: &str| v.add(field, "unsupported_schema", Msg::new(fr, en));
    let Some(obj) = schema.as_object() else {
        bad(&mut v, "questions", "Un objet JSON Schema est attendu.", "A JSON Schema object is expected.");
        return v;
    };
    for key in obj.keys() {
        if !matches!(
            key.as_str(),
            "type" | "properties" | "required" | "title" | "description" | "additionalProperties"
        ) {
            bad(&mut v, &format!("questions.{key}"), "Mot-clé non pris en charge.", "Unsupported keyword.");
        }
    }
    if obj.get("type") != Some(&json!("object")) {
        bad(&mut v, "questions.type", "Le type doit être « object ».", "The type must be \"object\".");
    }
    let empty = Map::new();
    let properties = obj.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    if properties.len() > MAX_QUESTIONS {
        bad(&mut v, "questions.properties", "50 questions au plus.", "At most 50 questions.");
    }
    for (name, question) in properties {
        if !is_question(question) {
            bad(
                &mut v,
                &format!("questions.properties.{name}"),
                "Question hors du sous-ensemble pris en charge (texte, nombre, date, choix, oui/non).",
                "Question outside the supported subset (text, number, date, choice, yes/no).",
            );
        }
    }
    for required in obj.get("required").and_then(Value::as_array).into_iter().flatten() {
        if !required.as_str().is_some_and(|r| properties.contains_key(r)) {
            bad(&mut v, "questions.required", "Question obligatoire inconnue.", "Unknown required question.");
        }
    }
    v
}

fn is_question(q: &Value) -> bool {
    let Some(o) = q.as_object() else { return false };
    let only = |allowed: &[&str]| {
        o.keys().all(|k| matches!(k.as_str(), "title" | "description") || allowed.contains(&k.as_str()))
    };
    let strings = |v: Option<&Value>| {
        v.and_then(Value::as_array).is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string))
    };
    match o.get("type").and_then(Value::as_str) {
        Some("string") if o.contains_key("enum") => only(&["type", "enum"]) && strings(o.get("enum")),
        Some("string") if o.contains_key("format") => only(&["type", "format"]) && o["format"] == "date",
        Some("string") => {
            only(&["type", "maxLength"])
                && o.get("maxLength").and_then(Value::as_u64).is_some_and(|n| (1..=10_000).contains(&n))
        }
        Some("integer") => only(&["type", "minimum", "maximum"]),
        Some("boolean") => only(&["type"]),
        Some("array") => {
            let items = o.get("items").and_then(Value::as_object);
            only(&["type", "items", "uniqueItems", "maxItems"])
                && items
                    .is_some_and(|i| i.get("type") == Some(&json!("string")) && strings(i.get("enum")) && i.len() == 2)
        }
        _ => false,
    }
}

/// The schema as checked: answers to questions it does not ask are refused.
fn closed(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("additionalProperties".into(), Value::Bool(false));
    }
    schema
}

/// What is wrong with `answers` against the call's `schema`, per question.
pub fn check_answers(schema: &Value, answers: &Value) -> Violations {
    let mut v = Violations::new();
    let validator = match jsonschema::options().should_validate_formats(true).build(&closed(schema)) {
        Ok(validator) => validator,
        Err(e) => {
            v.add(
                "answers",
                "unsupported_schema",
                Msg::new(format!("Questions illisibles : {e}"), format!("Unreadable questions: {e}")),
            );
            return v;
        }
    };
    for error in validator.iter_errors(answers) {
        let path = error.instance_path().to_string();
        let question = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let field = if question.is_empty() { "answers".to_string() } else { format!("answers.{question}") };
        match error.kind() {
            ValidationErrorKind::Required { property } => v.add(
                format!("answers.{}", property.as_str().unwrap_or("")),
                "required",
                Msg::new("Cette question est obligatoire.", "This question is required."),
            ),
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for name in unexpected {
                    v.add(
                        format!("answers.{name}"),
                        "unknown_question",
                        Msg::new("Cette question n'est pas posée par l'appel.", "The call does not ask this question."),
                    );
                }
            }
            _ => {
                let detail = error.to_string();
                v.add(
                    field,
                    "invalid_answer",
                    Msg::new(format!("Réponse invalide : {detail}"), format!("Invalid answer: {detail}")),
                );
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "beneficiaries": {"type": "integer", "minimum": 0, "title": "Bénéficiaires directs"},
                "start": {"type": "string", "format": "date"},
                "sector": {"type": "string", "enum": ["agriculture", "education", "health"]},
                "themes": {"type": "array", "items": {"type": "string", "enum": ["youth", "women"]}, "uniqueItems": true},
                "women_led": {"type": "boolean"},
                "summary": {"type": "string", "maxLength": 2000}
            },
            "required": ["beneficiaries", "sector"]
        })
    }

    #[test]
    fn the_subset_is_accepted_and_anything_else_refused() {
        assert!(check_schema(&schema()).is_empty());
        let with_ref = json!({"type": "object", "properties": {"x": {"$ref": "#/defs/x"}}});
        assert!(!check_schema(&with_ref).is_empty());
        let nested = json!({"type": "object", "properties": {"x": {"type": "object"}}});
        assert!(!check_schema(&nested).is_empty());
        let unknown_required = json!({"type": "object", "properties": {}, "required": ["ghost"]});
        assert!(!check_schema(&unknown_required).is_empty());
    }

    #[test]
    fn answers_are_checked_question_by_question() {
        let good = json!({"beneficiaries": 120, "sector": "health", "start": "2021-10-01", "themes": ["youth"], "women_led": true});
        assert!(check_answers(&schema(), &good).is_empty());
        let bad = json!({"beneficiaries": -1, "start": "octobre", "surprise": 1});
        let fields: Vec<String> =
            check_answers(&schema(), &bad).localized(modal_kit::i18n::Lang::En).into_iter().map(|e| e.field).collect();
        for expected in ["answers.beneficiaries", "answers.start", "answers.sector", "answers.surprise"] {
            assert!(fields.iter().any(|f| f == expected), "{expected} not in {fields:?}");
        }
    }
}
