//! A report as a table of text cells: one line per indicator, then one per
//! category of each of its disaggregations — the shape a pivot table reads.

use crate::indicators::catalogue::definition;
use crate::indicators::report::TenantReport;
use crate::indicators::value::{IndicatorValue, Unit};
use modal_kit::i18n::Lang;
use modal_kit::labels::label;

pub const HEADER_FR: [&str; 12] = [
    "Partenaire",
    "Période",
    "Code",
    "Indicateur",
    "Unité",
    "Valeur",
    "Numérateur",
    "Dénominateur",
    "Ventilation",
    "Catégorie",
    "Nombre",
    "Données du",
];
pub const HEADER_EN: [&str; 12] = [
    "Tenant",
    "Period",
    "Code",
    "Indicator",
    "Unit",
    "Value",
    "Numerator",
    "Denominator",
    "Disaggregation",
    "Category",
    "Count",
    "Data as of",
];

pub use modal_kit::spreadsheet::Cell;

/// What a value means in its unit: euros for cents, percent for tenths.
pub fn scaled(unit: Unit, n: i64) -> f64 {
    match unit {
        Unit::Count => n as f64,
        Unit::PercentTenths => n as f64 / 10.0,
        Unit::EurCents => n as f64 / 100.0,
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The lines of one report; `who` is the tenant's name or « Programme ».
pub fn lines(who: &str, report_period: &str, indicators: &[IndicatorValue], as_of: &str, lang: Lang) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    for v in indicators {
        let name = definition(&v.code).map_or(v.code.as_str(), |d| lang.pick(d.label_fr, d.label_en));
        let unit = label(unit_code(v.unit), lang);
        let line = |rest: [Cell; 7]| {
            let mut line = vec![text(who), text(report_period), text(&v.code), text(name), text(unit)];
            line.extend(rest);
            line
        };
        out.push(line([
            v.value.map_or(Cell::Empty, |n| Cell::Number(scaled(v.unit, n))),
            Cell::Number(v.numerator as f64),
            v.denominator.map_or(Cell::Empty, |d| Cell::Number(d as f64)),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            text(as_of),
        ]));
        for (dimension, categories) in &v.disaggregations {
            for (category, n) in categories {
                out.push(line([
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    text(label(dimension, lang)),
                    text(label(category, lang)),
                    Cell::Number(*n as f64),
                    text(as_of),
                ]));
            }
        }
    }
    out
}

pub fn unit_code(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::PercentTenths => "percent_tenths",
        Unit::EurCents => "eur_cents",
    }
}

/// When a report's figures were taken: the oldest of its snapshots (day and time, UTC).
pub fn as_of(report: &TenantReport) -> String {
    report
        .sources
        .iter()
        .map(|s| s.taken_at)
        .min()
        .map_or(String::new(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

pub fn header(lang: Lang) -> Vec<Cell> {
    let names = match lang {
        Lang::Fr => HEADER_FR,
        Lang::En => HEADER_EN,
    };
    names.iter().map(|h| text(*h)).collect()
}
