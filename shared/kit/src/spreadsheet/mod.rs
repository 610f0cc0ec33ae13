//! Spreadsheets: a table written as a file a donor opens — CSV as French Excel
//! opens it (UTF-8 with a byte-order mark, `;`, decimal commas), or XLSX — and a
//! file a person uploads read back as a table (`read`). Reporting's indicators and
//! training's participant lists and imports go through here, once.

mod read;

pub use read::{read_table, Row, CSV_TYPE, XLSX_TYPE};

use crate::i18n::Lang;
use crate::text::neutralise_formula;
use crate::ApiError;
use actix_web::http::header::CONTENT_DISPOSITION;
use actix_web::HttpResponse;
use rust_xlsxwriter::{Format, Workbook};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A cell: text, or a number a spreadsheet should keep as one.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

/// A file to download, named; its words depend on the caller's language.
pub fn download(bytes: Vec<u8>, content_type: &str, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header(("Vary", "Accept-Language"))
        .body(bytes)
}

/// A number as French (decimal comma) or English text, without trailing zeros.
fn number_text(n: f64, lang: Lang) -> String {
    let plain = if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n:.2}").trim_end_matches('0').to_string() };
    match lang {
        Lang::Fr => plain.replace('.', ","),
        Lang::En => plain,
    }
}

/// UTF-8 with a byte-order mark and `;` between cells: French Excel opens it with
/// the accents right and one value a column. Text a spreadsheet would run as a
/// formula is neutralised. Lines may differ in length (a heading above a table).
pub fn csv(lines: &[Vec<Cell>], lang: Lang) -> Result<Vec<u8>, ApiError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(&mut out);
        for line in lines {
            let cells = line.iter().map(|c| match c {
                Cell::Text(t) => neutralise_formula(t),
                Cell::Number(n) => number_text(*n, lang),
                Cell::Empty => String::new(),
            });
            w.write_record(cells).map_err(ApiError::internal)?;
        }
        w.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}

/// One sheet per `(name, lines)`, the first line of each in bold, each column as
/// wide as its longest text (10 to 60 characters).
pub fn xlsx(sheets: &[(String, Vec<Vec<Cell>>)]) -> Result<Vec<u8>, ApiError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, lines) in sheets {
        let sheet = book.add_worksheet();
        // Excel's limits on a sheet's name: 31 characters, none of []:*?/\.
        let safe: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        sheet.set_name(&safe).map_err(ApiError::internal)?;
        for (r, line) in lines.iter().enumerate() {
            for (c, cell) in line.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match (cell, r) {
                    (Cell::Text(t), 0) => sheet.write_string_with_format(r, c, t, &bold).map(|_| ()),
                    (Cell::Text(t), _) => sheet.write_string(r, c, t).map(|_| ()),
                    (Cell::Number(n), _) => sheet.write_number(r, c, *n).map(|_| ()),
                    (Cell::Empty, _) => Ok(()),
                }
                .map_err(ApiError::internal)?;
            }
        }
        let columns = lines.iter().map(Vec::len).max().unwrap_or(0);
        for c in 0..columns {
            let longest = lines.iter().filter_map(|l| match l.get(c) {
                Some(Cell::Text(t)) => Some(t.chars().count()),
                _ => None,
            });
            let width = longest.max().unwrap_or(0).clamp(8, 58) + 2;
            sheet.set_column_width(c as u16, width as f64).map_err(ApiError::internal)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(ApiError::internal)?;
    }
    book.save_to_buffer().map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_csv_starts_with_a_bom_uses_semicolons_and_decimal_commas() {
        let lines = vec![vec![Cell::Text("Taux".into()), Cell::Number(45.5), Cell::Empty, Cell::Text("=1+1".into())]];
        let text = String::from_utf8(csv(&lines, Lang::Fr).unwrap()).unwrap();
        assert_eq!(text, "\u{feff}Taux;45,5;;'=1+1\n");
        let text = String::from_utf8(csv(&lines, Lang::En).unwrap()).unwrap();
        assert!(text.contains(";45.5;"));
    }

    #[test]
    fn whole_numbers_have_no_decimals() {
        assert_eq!(number_text(75.0, Lang::Fr), "75");
        assert_eq!(number_text(1234.56, Lang::Fr), "1234,56");
    }

    #[test]
    fn an_xlsx_is_a_zip_with_one_sheet_per_name() {
        let sheets =
            vec![("DIADEM".to_string(), vec![vec![Cell::Text("a".into())]]), ("Programme".to_string(), vec![])];
        let bytes = xlsx(&sheets).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
