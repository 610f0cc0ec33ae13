//! The dashboard page: the indicators of one tenant (or of the four side by side
//! and the programme's total), charts of persons trained by sex and mode and of
//! funding committed and disbursed, the outcome log, and how old each figure is.
//! French first, English on request; no script, no external file.

use super::charts::{stacked, Bar, Series};
use crate::indicators::catalogue::CATALOGUE;
use crate::indicators::value::{IndicatorValue, Unit};
use crate::outcomes::types::Outcome;
use crate::periods::PeriodInfo;
use crate::snapshots::types::Source;
use modal_kit::i18n::Lang;
use modal_kit::labels::label;
use modal_kit::text::{code_of, escape_html as esc};
use std::fmt::Write;

/// One column of the page: a tenant, or the programme's total.
pub struct Column<'a> {
    pub name: String,
    pub indicators: &'a [IndicatorValue],
    pub sources: &'a [Source],
    pub never_read: &'a [String],
}

pub struct Dashboard<'a> {
    pub lang: Lang,
    pub title: String,
    pub period: &'a PeriodInfo,
    pub columns: Vec<Column<'a>>,
    pub outcomes: Vec<(String, Outcome)>,
    /// The same page in the other language.
    pub switch_url: String,
    /// Snapshots older than this many seconds are shown as old.
    pub stale_after: i64,
}

/// 12345 → « 12 345 » (a narrow no-break space between thousands, as French writes it).
pub fn thousands(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = lang.pick("\u{202f}", ",");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A value as a person reads it: a count, a percentage, euros.
pub fn shown(unit: Unit, value: Option<i64>, lang: Lang) -> String {
    match (unit, value) {
        (_, None) => "—".into(),
        (Unit::Count, Some(n)) => thousands(n, lang),
        (Unit::PercentTenths, Some(t)) => {
            let text = format!("{}{}{}", t / 10, lang.pick(",", "."), t % 10);
            format!("{text}{}%", lang.pick("\u{202f}", ""))
        }
        (Unit::EurCents, Some(c)) => lang
            .pick(
                &format!("{}\u{202f}€", thousands((c + 50) / 100, lang)),
                &format!("€{}", thousands((c + 50) / 100, lang)),
            )
            .to_string(),
    }
}

fn age(seconds: i64, lang: Lang) -> String {
    let (n, fr, en) = match seconds {
        s if s < 3600 => (s / 60, "min", "min"),
        s if s < 86_400 => (s / 3600, "h", "h"),
        s => (s / 86_400, "j", "d"),
    };
    lang.pick(&format!("il y a {n} {fr}"), &format!("{n} {en} ago")).to_string()
}

fn find<'a>(indicators: &'a [IndicatorValue], code: &str) -> Option<&'a IndicatorValue> {
    indicators.iter().find(|v| v.code == code)
}

fn category(v: Option<&IndicatorValue>, dimension: &str, categories: &[&str]) -> i64 {
    v.and_then(|v| v.disaggregations.get(dimension))
        .map_or(0, |d| categories.iter().map(|c| d.get(*c).copied().unwrap_or(0)).sum())
}

const STYLE: &str = "body{font-family:'Noto Sans',system-ui,sans-serif;margin:0;color:#1d2430;background:#f5f6f8}\
header{background:#14365d;color:#fff;padding:16px 20px}header h1{margin:0;font-size:1.35rem}header p{margin:4px 0 0}\
header a{color:#fff}main{padding:12px 16px;max-width:1100px;margin:auto}section{background:#fff;border-radius:8px;\
padding:12px 16px;margin:12px 0;box-shadow:0 1px 2px #0002}h2{font-size:1.1rem;margin:0 0 8px}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}.card{border:1px solid #d9dde3;\
border-radius:6px;padding:8px}.card b{display:block;font-size:1.4rem}.chart{width:100%;max-width:620px;height:auto;font-size:13px}\
.chart .in{fill:#fff;font-weight:bold}.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{padding:4px 6px;border-bottom:1px solid #e3e6ea;text-align:right}th:first-child,td:first-child{text-align:left}\
.ok{color:#1b7a3a}.old{color:#a15c00;font-weight:bold}.missing{color:#b3261e;font-weight:bold}ul{padding-left:18px}";

pub fn render(d: &Dashboard<'_>) -> String {
    let lang = d.lang;
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let mut h = String::with_capacity(32 * 1024);
    let _ = write!(
        h,
        r#"<!doctype html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{} — {}</title><style>{STYLE}</style></head><body>"#,
        lang.tag(),
        t("Tableau de bord MODAL", "MODAL dashboard"),
        esc(&d.title)
    );
    let _ = write!(
        h,
        r#"<header><h1>{} — {}</h1><p>{} {} ({} – {}) · <a href="{}">{}</a></p></header><main>"#,
        t("Tableau de bord MODAL", "MODAL dashboard"),
        esc(&d.title),
        t("Période", "Period"),
        esc(&d.period.label),
        d.period.from,
        d.period.to,
        esc(&d.switch_url),
        t("English", "Français"),
    );
    key_figures(&mut h, d);
    charts(&mut h, d);
    table(&mut h, d);
    outcomes(&mut h, d);
    freshness(&mut h, d);
    h.push_str("</main></body></html>");
    h
}

fn key_figures(h: &mut String, d: &Dashboard<'_>) {
    let lang = d.lang;
    let Some(main) = d.columns.last() else { return };
    let _ = write!(
        h,
        "<section><h2>{} — {}</h2><div class=\"cards\">",
        lang.pick("L'essentiel", "At a glance"),
        esc(&main.name)
    );
    for code in [
        "persons_trained",
        "women_trained_share",
        "trainings_held",
        "organisations_identified",
        "applications_selected",
        "amount_committed_eur",
        "amount_disbursed_eur",
        "outcomes_recorded",
    ] {
        let (Some(def), Some(v)) = (CATALOGUE.iter().find(|c| c.code == code), find(main.indicators, code)) else {
            continue;
        };
        let _ = write!(
            h,
            r#"<div class="card" id="kf-{code}"><b>{}</b>{}</div>"#,
            shown(v.unit, v.value, lang),
            esc(lang.pick(def.label_fr, def.label_en))
        );
    }
    h.push_str("</div></section>");
}

fn trained<'a>(c: &Column<'a>) -> Option<&'a IndicatorValue> {
    find(c.indicators, "persons_trained")
}

fn charts(h: &mut String, d: &Dashboard<'_>) {
    let lang = d.lang;
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let count = |n: i64| thousands(n, lang);
    let sex = [
        Series { name: t("femmes", "women"), colour: "#8e3b8f" },
        Series { name: t("hommes", "men"), colour: "#2f6db5" },
        Series { name: t("autre ou non précisé", "other or undisclosed"), colour: "#8a8f98" },
    ];
    let bars: Vec<Bar> = d
        .columns
        .iter()
        .map(|c| Bar {
            label: c.name.clone(),
            values: vec![
                category(trained(c), "sex", &["female"]),
                category(trained(c), "sex", &["male"]),
                category(trained(c), "sex", &["other", "undisclosed"]),
            ],
        })
        .collect();
    let title = t("Personnes formées par sexe", "Persons trained by sex");
    let _ = write!(h, r#"<section id="chart-sex"><h2>{title}</h2>{}</section>"#, stacked(title, &sex, &bars, &count));
    let mode = [
        Series { name: label("on_site", lang), colour: "#d9822b" },
        Series { name: label("online", lang), colour: "#1f8a8a" },
    ];
    let bars: Vec<Bar> = d
        .columns
        .iter()
        .map(|c| Bar {
            label: c.name.clone(),
            values: vec![category(trained(c), "mode", &["on_site"]), category(trained(c), "mode", &["online"])],
        })
        .collect();
    let title = t("Personnes formées par mode de participation", "Persons trained by mode of attendance");
    let _ = write!(h, r#"<section id="chart-mode"><h2>{title}</h2>{}</section>"#, stacked(title, &mode, &bars, &count));
    let money = [
        Series { name: t("engagé", "committed"), colour: "#6b4f1d" },
        Series { name: t("décaissé", "disbursed"), colour: "#3fa34d" },
    ];
    let eur = |c: &Column<'_>, code| find(c.indicators, code).and_then(|v| v.value).unwrap_or(0);
    let mut bars = Vec::new();
    for c in &d.columns {
        // Two bars a column, named once: the legend says which is which.
        bars.push(Bar { label: c.name.clone(), values: vec![eur(c, "amount_committed_eur"), 0] });
        bars.push(Bar { label: String::new(), values: vec![0, eur(c, "amount_disbursed_eur")] });
    }
    let title = t("Financements engagés et décaissés (EUR)", "Funding committed and disbursed (EUR)");
    let euros = |c: i64| shown(Unit::EurCents, Some(c), lang);
    let _ =
        write!(h, r#"<section id="chart-funding"><h2>{title}</h2>{}</section>"#, stacked(title, &money, &bars, &euros));
}

fn table(h: &mut String, d: &Dashboard<'_>) {
    let lang = d.lang;
    let _ = write!(
        h,
        "<section><h2>{}</h2><div class=\"scroll\"><table><thead><tr><th>{}</th>",
        lang.pick("Indicateurs", "Indicators"),
        lang.pick("Indicateur", "Indicator")
    );
    for c in &d.columns {
        let _ = write!(h, "<th>{}</th>", esc(&c.name));
    }
    h.push_str("</tr></thead><tbody>");
    for def in CATALOGUE {
        let _ = write!(h, r#"<tr id="row-{}"><td>{}</td>"#, def.code, esc(lang.pick(def.label_fr, def.label_en)));
        for c in &d.columns {
            let v = find(c.indicators, def.code);
            let _ = write!(h, "<td>{}</td>", shown(def.unit, v.and_then(|v| v.value), lang));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div></section>");
}

fn outcomes(h: &mut String, d: &Dashboard<'_>) {
    let lang = d.lang;
    let _ = write!(h, "<section id=\"outcomes\"><h2>{}</h2>", lang.pick("Journal des effets", "Outcome log"));
    if d.outcomes.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.pick("Aucun effet consigné dans la période.", "No outcome recorded in the period.")
        );
    }
    h.push_str("<ul>");
    for (tenant, o) in &d.outcomes {
        let members = o.members.map_or(String::new(), |m| {
            format!(" · {} {}", thousands(i64::from(m), lang), lang.pick("membres", "members"))
        });
        let evidence = o.evidence_url.as_deref().map_or(String::new(), |u| {
            format!(r#" · <a href="{}" rel="noopener">{}</a>"#, esc(u), lang.pick("preuve", "evidence"))
        });
        let _ = write!(
            h,
            "<li><b>{}</b> — {} · {} · {}{members}{evidence}</li>",
            esc(&o.title),
            esc(tenant),
            esc(label(&code_of(&o.kind), lang)),
            o.occurred_on
        );
    }
    h.push_str("</ul></section>");
}

fn freshness(h: &mut String, d: &Dashboard<'_>) {
    let lang = d.lang;
    let _ =
        write!(h, "<section id=\"freshness\"><h2>{}</h2><ul>", lang.pick("Âge des données", "How old the figures are"));
    for c in d.columns.iter().filter(|c| !c.sources.is_empty() || !c.never_read.is_empty()) {
        let _ = write!(h, "<li><b>{}</b> : ", esc(&c.name));
        let mut parts = Vec::new();
        for s in c.sources {
            let class = if s.age_seconds > d.stale_after { "old" } else { "ok" };
            parts.push(format!(
                r#"<span class="{class}">{} {} ({})</span>"#,
                esc(&s.service),
                age(s.age_seconds, lang),
                esc(&s.service_version)
            ));
        }
        for s in c.never_read {
            parts.push(format!(r#"<span class="missing">{} {}</span>"#, esc(s), lang.pick("jamais lu", "never read")));
        }
        h.push_str(&parts.join(" · "));
        h.push_str("</li>");
    }
    h.push_str("</ul></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_the_french_way_by_default() {
        assert_eq!(thousands(1_234_567, Lang::Fr), "1\u{202f}234\u{202f}567");
        assert_eq!(shown(Unit::PercentTenths, Some(533), Lang::Fr), "53,3\u{202f}%");
        assert_eq!(shown(Unit::EurCents, Some(762_245), Lang::Fr), "7\u{202f}622\u{202f}€");
        assert_eq!(shown(Unit::EurCents, Some(762_245), Lang::En), "€7,622");
        assert_eq!(shown(Unit::Count, None, Lang::Fr), "—");
    }
}
