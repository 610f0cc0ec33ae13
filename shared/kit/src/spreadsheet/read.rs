//! A spreadsheet a person uploads, read as a table of text cells: CSV (UTF-8, with
//! or without a byte-order mark, `;` or `,` — whichever the header uses more) or
//! the first sheet of an XLSX. What cannot be read is refused whole (422
//! `invalid_file`), before any line is looked at.

use crate::{ApiError, Code};
use calamine::{Reader, Xlsx};
use std::io::Cursor;

/// The kinds of file accepted, by their content type.
pub const CSV_TYPE: &str = "text/csv";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn invalid(fr: &str, en: &str) -> ApiError {
    ApiError::new(Code::VALIDATION_FAILED).with_detail(fr, en).with_extra("reason", "invalid_file".into())
}

/// A row of the file: its line number as a spreadsheet shows it (the first is 1),
/// and its cells, trimmed.
pub type Row = (usize, Vec<String>);

/// The rows of the file (the header first); blank rows are dropped, the numbers of
/// the others kept, so a report's line numbers are those the person sees.
pub fn read_table(bytes: &[u8], content_type: &str) -> Result<Vec<Row>, ApiError> {
    let rows = if content_type.starts_with(XLSX_TYPE) { xlsx(bytes)? } else { csv(bytes)? };
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(n, r)| (n, r.into_iter().map(|c| c.trim().to_string()).collect::<Vec<_>>()))
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(invalid("Le fichier est vide.", "The file is empty."));
    }
    Ok(rows)
}

fn csv(bytes: &[u8]) -> Result<Vec<Row>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        invalid(
            "Le fichier n'est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 ».",
            "The file is not UTF-8: save it as 'CSV UTF-8'.",
        )
    })?;
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.matches(';').count() >= header.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| invalid("Ce CSV est mal formé.", "This CSV is malformed."))?;
        // The line as an editor counts it, blank lines included (the reader skips them).
        // A record's position is where the reader started on it, before the blank
        // lines it skipped: those are stepped over first.
        let bytes = text.as_bytes();
        let mut at = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
            at += 1;
        }
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

fn xlsx(bytes: &[u8]) -> Result<Vec<Row>, ApiError> {
    let unreadable = || invalid("Ce fichier XLSX est illisible.", "This XLSX file cannot be read.");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = book.worksheet_range_at(0).ok_or_else(unreadable)?.map_err(|_| unreadable())?;
    // The range starts at the sheet's first used row; numbers are the sheet's own.
    let first = sheet.start().map_or(1, |(row, _)| row as usize + 1);
    Ok(sheet.rows().enumerate().map(|(n, row)| (first + n, row.iter().map(|c| c.to_string()).collect())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spreadsheet::{xlsx as write_xlsx, Cell};

    #[test]
    fn csv_with_a_bom_and_semicolons_reads_as_cells() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rows = read_table("\u{feff}nom;sexe\n;\n\nAwa ; femme\n".as_bytes(), "text/csv").unwrap();
        assert_eq!(
            rows,
            vec![(1, cells(&["nom", "sexe"])), (4, cells(&["Awa", "femme"]))],
            "numbered as the file shows"
        );
    }

    #[test]
    fn an_xlsx_written_here_reads_back() {
        let lines = vec![vec![Cell::from("nom"), Cell::from("sexe")], vec![Cell::from("Awa"), Cell::Number(3.0)]];
        let bytes = write_xlsx(&[("Feuille".into(), lines)]).unwrap();
        let rows = read_table(&bytes, XLSX_TYPE).unwrap();
        assert_eq!(rows[1], (2, vec!["Awa".to_string(), "3".to_string()]));
    }

    #[test]
    fn what_is_not_a_spreadsheet_is_refused_whole() {
        assert!(read_table(b"\xff\xfe", "text/csv").is_err());
        assert!(read_table(b"PK not a zip", XLSX_TYPE).is_err());
        assert!(read_table(b"", "text/csv").is_err());
    }
}
