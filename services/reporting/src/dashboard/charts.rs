//! Bar charts as inline SVG, drawn on the server: no script, no CDN, readable
//! offline and on a phone (the drawing scales to the screen's width).

use modal_kit::text::escape_html as esc;
use std::fmt::Write;

/// One series of a chart: its name in the legend and its colour.
pub struct Series<'a> {
    pub name: &'a str,
    pub colour: &'a str,
}

/// One bar: its label, and a value per series (stacked left to right).
pub struct Bar {
    pub label: String,
    pub values: Vec<i64>,
}

// Narrow, so that on a phone the words stay readable; the page caps its width.
const WIDTH: i64 = 440;
const LABEL: i64 = 120;
const ROW: i64 = 34;
const BAR: i64 = 22;

/// Horizontal bars, each the stack of its series' values, scaled to the longest;
/// each segment carries its number, and the legend names the series.
/// `shown` writes a value as the reader should read it (e.g. euros).
pub fn stacked(title: &str, series: &[Series<'_>], bars: &[Bar], shown: &dyn Fn(i64) -> String) -> String {
    let max = bars.iter().map(|b| b.values.iter().sum::<i64>()).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as i64 + 40;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(title)
    );
    for (row, bar) in bars.iter().enumerate() {
        let y = ROW * row as i64 + 6;
        let _ = write!(svg, r#"<text x="0" y="{}" class="label">{}</text>"#, y + BAR - 6, esc(&bar.label));
        let mut x = LABEL;
        for (value, s) in bar.values.iter().zip(series) {
            let w = (value * (WIDTH - LABEL - 10)) / max;
            if w > 0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{x}" y="{y}" width="{w}" height="{BAR}" fill="{}"><title>{}: {}</title></rect>"#,
                    s.colour,
                    esc(s.name),
                    shown(*value)
                );
                if w >= 34 {
                    let _ =
                        write!(svg, r#"<text x="{}" y="{}" class="in">{}</text>"#, x + 4, y + BAR - 6, shown(*value));
                }
            }
            x += w;
        }
        if bar.values.iter().all(|v| *v == 0) {
            let _ = write!(svg, r#"<text x="{LABEL}" y="{}" class="label">0</text>"#, y + BAR - 6);
        }
    }
    let y = ROW * bars.len() as i64 + 14;
    let mut x = LABEL;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{y}" width="14" height="14" fill="{}"/><text x="{}" y="{}" class="label">{}</text>"#,
            s.colour,
            x + 18,
            y + 12,
            esc(s.name)
        );
        x += 30 + 8 * s.name.chars().count() as i64;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_as_long_as_their_values_and_labels_are_escaped() {
        let series = [Series { name: "femmes", colour: "#111111" }, Series { name: "hommes", colour: "#222222" }];
        let bars = vec![
            Bar { label: "<DIADEM>".into(), values: vec![30, 10] },
            Bar { label: "B".into(), values: vec![20, 0] },
        ];
        let svg = stacked("t", &series, &bars, &|n| n.to_string());
        // The longest stack (40) fills the 310 units after the label: 30 → 232, 10 → 77, 20 → 155.
        assert!(svg.contains(r##"width="232" height="22" fill="#111111""##), "{svg}");
        assert!(svg.contains(r##"width="77" height="22" fill="#222222""##));
        assert!(svg.contains(r##"width="155" height="22" fill="#111111""##));
        assert!(svg.contains("&lt;DIADEM&gt;") && !svg.contains("<DIADEM>"));
    }
}
