//! CSV import and export of organisations, for partners who keep lists in a
//! spreadsheet. Import answers a line-by-line report: valid rows are created,
//! invalid rows change nothing, and a row already registered (same name and
//! country) is reported as a duplicate, so importing a file twice creates nothing
//! new. Export neutralises cells a spreadsheet would run as formulas.

use super::types::*;
use modal_kit::i18n::Msg;
use modal_kit::text::{code_of as code, parse_code};
use modal_kit::validate::Violations;
use modal_kit::{ApiError, Code};

pub const COLUMNS: [&str; 21] = [
    "kind",
    "name",
    "acronym",
    "description",
    "country",
    "intervention_countries",
    "residence_country",
    "region",
    "city",
    "themes",
    "email",
    "phone",
    "whatsapp",
    "legal_status",
    "registrations",
    "year_founded",
    "members",
    "women_led",
    "youth_led",
    "website",
    "logo_url",
];
const REQUIRED: [&str; 3] = ["kind", "name", "country"];
pub const MAX_ROWS: usize = 5000;
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

fn invalid_csv(fr: impl Into<String>, en: impl Into<String>) -> ApiError {
    ApiError::new(Code::VALIDATION_FAILED).with_detail(fr, en).with_extra("reason", "invalid_csv".into())
}

/// A parsed data row: its line number in the file and the input, or what is wrong.
pub struct ParsedRow {
    pub line: usize,
    pub input: Result<OrganisationInput, Violations>,
}

/// Parses a whole file. Errors that make the file unusable (encoding, header,
/// size) refuse it whole; a bad row only rejects that row.
pub fn parse(bytes: &[u8]) -> Result<Vec<ParsedRow>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        invalid_csv(
            "Le fichier n'est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 ».",
            "The file is not UTF-8: save it as 'CSV UTF-8'.",
        )
    })?;
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid_csv(format!("En-tête illisible : {e}"), format!("Unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|r| !headers.iter().any(|h| h == r)).collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(invalid_csv(
            format!("Colonnes obligatoires absentes : {list}."),
            format!("Missing required columns: {list}."),
        ));
    }
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(invalid_csv(format!("Colonne inconnue : {unknown}."), format!("Unknown column: {unknown}.")));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if rows.len() >= MAX_ROWS {
            return Err(invalid_csv(
                format!("{MAX_ROWS} lignes au plus par import."),
                format!("At most {MAX_ROWS} rows per import."),
            ));
        }
        let record = record.map_err(|e| {
            invalid_csv(format!("Ligne {line} illisible : {e}"), format!("Line {line} unreadable: {e}"))
        })?;
        let get = |col: &str| {
            headers.iter().position(|h| h == col).and_then(|p| record.get(p)).map(unformula).filter(|v| !v.is_empty())
        };
        rows.push(ParsedRow { line, input: to_input(&get) });
    }
    Ok(rows)
}

/// Undoes the export's neutralisation (`'=…` → `=…`) and trims.
fn unformula(cell: &str) -> String {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => t.to_string(),
    }
}

fn to_input(get: &dyn Fn(&str) -> Option<String>) -> Result<OrganisationInput, Violations> {
    let mut v = Violations::new();
    let list = |col: &str| {
        get(col)
            .map(|s| s.split('|').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let kind = match get("kind").map(|k| parse_code::<OrganisationKind>(&k)) {
        Some(Some(k)) => Some(k),
        Some(None) => {
            v.add("kind", "invalid_value", Msg::new("Type d'organisation inconnu.", "Unknown organisation kind."));
            None
        }
        None => {
            v.add("kind", "required", Msg::new("Ce champ est obligatoire.", "This field is required."));
            None
        }
    };
    let mut themes = Vec::new();
    for t in list("themes") {
        match parse_code::<Theme>(&t) {
            Some(theme) => themes.push(theme),
            None => v.add(
                "themes",
                "invalid_value",
                Msg::new(format!("Thème inconnu : {t}."), format!("Unknown theme: {t}.")),
            ),
        }
    }
    let mut registrations = Vec::new();
    for r in list("registrations") {
        match r.split_once(':').and_then(|(s, val)| Some((parse_code::<RegistrationScheme>(s.trim())?, val.trim()))) {
            Some((scheme, value)) => {
                registrations.push(Registration { scheme, value: value.to_string(), agency: None })
            }
            None => v.add(
                "registrations",
                "invalid_value",
                Msg::new(
                    "Format attendu : schéma:valeur (ex. ninea:005123456).",
                    "Expected scheme:value (e.g. ninea:005123456).",
                ),
            ),
        }
    }
    let mut number = |col: &str| -> Option<i32> {
        let raw = get(col)?;
        raw.parse()
            .map_err(|_| v.add(col, "not_a_number", Msg::new("Nombre entier attendu.", "Whole number expected.")))
            .ok()
    };
    let (year_founded, members) = (number("year_founded"), number("members"));
    let mut flag = |col: &str| -> bool {
        match get(col).map(|s| s.to_lowercase()).as_deref() {
            None | Some("false" | "non" | "no" | "0") => false,
            Some("true" | "oui" | "yes" | "1") => true,
            Some(_) => {
                v.add(col, "not_a_boolean", Msg::new("Attendu : oui ou non.", "Expected: yes or no."));
                false
            }
        }
    };
    let (women_led, youth_led) = (flag("women_led"), flag("youth_led"));
    let input = OrganisationInput {
        kind: kind.unwrap_or(OrganisationKind::Other),
        name: get("name").unwrap_or_default(),
        acronym: get("acronym"),
        description: get("description"),
        country: get("country").unwrap_or_default().to_uppercase(),
        intervention_countries: list("intervention_countries").into_iter().map(|c| c.to_uppercase()).collect(),
        residence_country: get("residence_country").map(|c| c.to_uppercase()),
        region: get("region"),
        city: get("city"),
        themes,
        contacts: Contacts { email: get("email"), phone: get("phone"), whatsapp: get("whatsapp") },
        legal_status: get("legal_status"),
        registrations,
        year_founded,
        members,
        women_led,
        youth_led,
        website: get("website"),
        logo_url: get("logo_url"),
        parent_organisation_id: None,
        federation_ids: Vec::new(),
    };
    if let Err(e) = super::rules::validate(&input) {
        v.extend(e.violations);
    }
    if v.is_empty() {
        Ok(input)
    } else {
        Err(v)
    }
}

pub use modal_kit::text::neutralise_formula as neutralise;

/// The export line of one organisation, in `COLUMNS` order, then id and status.
pub fn export_record(o: &Organisation) -> Vec<String> {
    let join = |items: Vec<String>| items.join("|");
    let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
    let cells = vec![
        code(&o.kind),
        o.name.clone(),
        o.acronym.clone().unwrap_or_default(),
        o.description.clone().unwrap_or_default(),
        o.country.clone(),
        join(o.intervention_countries.clone()),
        o.residence_country.clone().unwrap_or_default(),
        o.region.clone().unwrap_or_default(),
        o.city.clone().unwrap_or_default(),
        join(o.themes.iter().map(code).collect()),
        o.contacts.email.clone().unwrap_or_default(),
        o.contacts.phone.clone().unwrap_or_default(),
        o.contacts.whatsapp.clone().unwrap_or_default(),
        o.legal_status.clone().unwrap_or_default(),
        join(o.registrations.iter().map(|r| format!("{}:{}", code(&r.scheme), r.value)).collect()),
        o.year_founded.map(|y| y.to_string()).unwrap_or_default(),
        o.members.map(|m| m.to_string()).unwrap_or_default(),
        yes_no(o.women_led),
        yes_no(o.youth_led),
        o.website.clone().unwrap_or_default(),
        o.logo_url.clone().unwrap_or_default(),
        o.id.clone(),
        code(&o.status),
    ];
    cells.iter().map(|c| neutralise(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored_on_import() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("DIADEM"), "DIADEM");
        assert_eq!(unformula("'+221 77 000 00 00"), "+221 77 000 00 00");
        assert_eq!(unformula("'quoted"), "'quoted");
    }

    #[test]
    fn a_file_without_required_columns_is_refused_whole() {
        let err = parse(b"name;city\nX;Dakar\n").err().expect("refused");
        assert_eq!(err.code, Code::VALIDATION_FAILED);
    }

    #[test]
    fn semicolons_and_bad_rows_are_handled_row_by_row() {
        let rows = parse("kind;name;country\nlocal_association;Jappo;SN\nunknown;X;ZZ\n".as_bytes()).expect("parsed");
        assert_eq!(rows.len(), 2);
        assert!(rows[0].input.is_ok());
        assert_eq!(rows[1].line, 3);
        assert!(rows[1].input.is_err());
    }
}
