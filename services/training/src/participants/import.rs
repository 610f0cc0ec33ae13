//! Bulk enrolment from a spreadsheet, as plain functions: the columns a file may
//! use (French or English headers), the words it may use for sex and mode, and the
//! lines it describes. Whether a line is already enrolled is `is_enrolled`; the
//! route (`import_handler`) does the rest all or nothing.

use super::types::{AttendanceMode, ParticipantRow, Sex};
use modal_kit::i18n::Msg;
use modal_kit::spreadsheet::Row;
use modal_kit::text::normalise;
use modal_kit::validate::Violations;
use modal_kit::{ApiError, Code};

/// At most this many lines in one file (a training holds a few dozen people).
pub const MAX_LINES: usize = 2000;

/// One line of the file, read but not yet checked against the training.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportLine {
    pub line: usize,
    pub full_name: String,
    pub sex: Sex,
    pub mode: AttendanceMode,
    /// A registry organisation, by id or by its exact name.
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The columns, each with the headers (normalised) that name it.
const COLUMNS: [(&str, &[&str]); 6] = [
    ("full_name", &["full name", "nom", "nom complet", "name", "participant", "prenom et nom", "nom et prenom"]),
    ("sex", &["sex", "sexe"]),
    ("mode", &["mode", "mode de participation"]),
    ("organisation", &["organisation", "organisation id", "organization", "structure"]),
    ("email", &["email", "e mail", "courriel"]),
    ("phone", &["phone", "telephone", "tel"]),
];
const REQUIRED: [&str; 3] = ["full_name", "sex", "mode"];

fn invalid_file(fr: String, en: String) -> ApiError {
    ApiError::new(Code::VALIDATION_FAILED).with_detail(fr, en).with_extra("reason", "invalid_file".into())
}

pub fn sex_of(word: &str) -> Option<Sex> {
    match normalise(word).as_str() {
        "female" | "femme" | "f" | "woman" => Some(Sex::Female),
        "male" | "homme" | "h" | "m" | "man" => Some(Sex::Male),
        "undisclosed" | "non precise" => Some(Sex::Undisclosed),
        _ => None,
    }
}

pub fn mode_of(word: &str) -> Option<AttendanceMode> {
    match normalise(word).as_str() {
        "on site" | "sur place" | "presentiel" | "site" => Some(AttendanceMode::OnSite),
        "online" | "en ligne" | "distanciel" | "a distance" => Some(AttendanceMode::Online),
        _ => None,
    }
}

/// The file's readable lines, and every bad cell named `lines[N].column` (N as the
/// file numbers it); a 422 for the whole file when its header lacks a required column.
pub fn parse(rows: &[Row]) -> Result<(Vec<ImportLine>, Violations), ApiError> {
    let Some(((_, header), data)) = rows.split_first() else { return Ok((Vec::new(), Violations::new())) };
    let position = |column: &str| {
        let names = COLUMNS.iter().find(|(c, _)| *c == column).map_or(&[][..], |(_, n)| n);
        header.iter().position(|h| names.contains(&normalise(h).as_str()))
    };
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| position(c).is_none()).collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(invalid_file(format!("Colonnes manquantes : {list}."), format!("Missing columns: {list}.")));
    }
    if data.len() > MAX_LINES {
        return Err(invalid_file(format!("{MAX_LINES} lignes au plus."), format!("At most {MAX_LINES} lines.")));
    }
    let mut v = Violations::new();
    let mut lines = Vec::new();
    for (line, cells) in data {
        let cell = |column: &str| {
            position(column).and_then(|i| cells.get(i)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
        };
        let field = |column: &str| format!("lines[{line}].{column}");
        let full_name = cell("full_name").unwrap_or_default();
        if full_name.is_empty() {
            v.add(field("full_name"), "required", Msg::new("Le nom est obligatoire.", "The name is required."));
        }
        let sex = sex_of(&cell("sex").unwrap_or_default());
        if sex.is_none() {
            v.add(field("sex"), "invalid_value", Msg::new("Attendu : femme ou homme.", "Expected: female or male."));
        }
        let mode = mode_of(&cell("mode").unwrap_or_default());
        if mode.is_none() {
            v.add(
                field("mode"),
                "invalid_value",
                Msg::new("Attendu : sur place ou en ligne.", "Expected: on site or online."),
            );
        }
        if let (Some(sex), Some(mode)) = (sex, mode) {
            let (organisation, email, phone) = (cell("organisation"), cell("email"), cell("phone"));
            lines.push(ImportLine { line: *line, full_name, sex, mode, organisation, email, phone });
        }
    }
    Ok((lines, v))
}

/// Whether `line` is already one of `enrolled` (or an earlier line of the file):
/// the same email (any case) or phone, or, for a line with neither, the same name.
pub fn is_enrolled(line: &ImportLine, enrolled: &[ParticipantRow]) -> bool {
    let same =
        |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
    enrolled.iter().filter(|p| p.erased_at.is_none()).any(|p| {
        same(&line.email, &p.email)
            || same(&line.phone, &p.phone)
            || (line.email.is_none()
                && line.phone.is_none()
                && p.full_name.as_deref().is_some_and(|n| normalise(n) == normalise(&line.full_name)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[&[&str]]) -> Vec<Row> {
        text.iter().enumerate().map(|(n, r)| (n + 1, r.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn french_headers_and_words_are_read() {
        let (lines, bad) = parse(&rows(&[
            &["Nom", "Sexe", "Mode", "Téléphone"],
            &["Awa Diop", "Femme", "sur place", "+221 77 000 00 01"],
        ]))
        .unwrap();
        assert!(bad.is_empty());
        assert_eq!(lines[0].sex, Sex::Female);
        assert_eq!(lines[0].mode, AttendanceMode::OnSite);
        assert_eq!(lines[0].phone.as_deref(), Some("+221 77 000 00 01"));
    }

    #[test]
    fn every_bad_cell_is_named_by_its_line() {
        let (lines, bad) =
            parse(&rows(&[&["nom", "sexe", "mode"], &["", "x", "en ligne"], &["Ba", "homme", "?"]])).unwrap();
        assert!(lines.is_empty(), "a line with a bad cell is not read");
        let fields: Vec<String> = bad.localized(modal_kit::i18n::Lang::En).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["lines[2].full_name", "lines[2].sex", "lines[3].mode"]);
    }

    #[test]
    fn a_file_without_a_required_column_is_refused_whole() {
        assert!(parse(&rows(&[&["nom", "sexe"], &["Awa", "f"]])).is_err());
    }
}
