//! Printable documents (a training certificate, a grant agreement) as PDF written
//! by hand: pages of text, lines and filled squares. Text the standard Helvetica
//! fonts can print (French, English) is written in them, as it always was; any
//! other text (Arabic above all) is shaped and printed in an embedded font cut to
//! the glyphs used (`shaped`, `embed`). A PDF library would bring a layout engine
//! these few fixed pages do not need; each page's layout stays with the service
//! that prints it.

mod embed;
mod helvetica;
mod image;
mod shaped;

pub use image::Image;
use shaped::{shape, Line};

/// What a page holds, in drawing order.
enum Part {
    /// Operators written as they are (Helvetica text, rectangles, colours).
    Raw(String),
    /// A shaped line in the embedded font, its start at (x, y).
    Shaped { line: Line, x: f32, y: f32, size: f32, bold: bool },
    /// A picture drawn in the box of lower-left corner (x, y).
    Picture { image: Image, x: f32, y: f32, width: f32, height: f32 },
}

/// One page being drawn, `width` × `height` points (A4 portrait is 595 × 842).
pub struct Page {
    pub width: f32,
    pub height: f32,
    parts: Vec<Part>,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page { width, height, parts: Vec::new() }
    }

    /// `text` with its baseline starting at (x, y): in Helvetica (bold if asked)
    /// when it can, else shaped in the embedded font (right-to-left runs included).
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        match win_ansi(text) {
            Some(encoded) => {
                let font = if bold { "F2" } else { "F1" };
                self.raw(&format!("BT /{font} {size} Tf {x:.1} {y:.1} Td ({encoded}) Tj ET\n"));
            }
            None => self.parts.push(Part::Shaped { line: shape(text), x, y, size, bold }),
        }
    }

    /// `text` centred on the page.
    pub fn centred(&mut self, y: f32, size: f32, bold: bool, text: &str) {
        let x = (self.width - text_width(text, size, bold)) / 2.0;
        self.text(x, y, size, bold, text);
    }

    /// `text` ending at `x` (a right-to-left page's left-hand text starts there).
    pub fn text_ending_at(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.text(x - text_width(text, size, bold), y, size, bold, text);
    }

    /// `image` fitted in the box of lower-left corner (x, y), its proportions
    /// kept and centred in the box.
    pub fn image(&mut self, image: &Image, x: f32, y: f32, width: f32, height: f32) {
        let scale = (width / image.width as f32).min(height / image.height as f32);
        let (w, h) = (image.width as f32 * scale, image.height as f32 * scale);
        let (x, y) = (x + (width - w) / 2.0, y + (height - h) / 2.0);
        self.parts.push(Part::Picture { image: image.clone(), x, y, width: w, height: h });
    }

    /// Drawing operators written as they are (rectangles, colours, lines).
    pub fn raw(&mut self, operators: &str) {
        match self.parts.last_mut() {
            Some(Part::Raw(ops)) => ops.push_str(operators),
            _ => self.parts.push(Part::Raw(operators.to_string())),
        }
    }
}

/// The width of `text` at `size`, as [`Page::text`] prints it: from Helvetica's
/// metrics, or from the shaped glyphs.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    match win_ansi(text) {
        Some(_) => helvetica::width(text, size, bold),
        None => shape(text).width_at(size),
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// `text` as a string literal in WinAnsiEncoding (Latin-1 letters such as é, à, ç
/// map to themselves, a few common others to their code), or `None` if a character
/// is not in it (the text is then shaped in the embedded font instead).
fn win_ansi(text: &str) -> Option<String> {
    let mut out = String::new();
    for ch in text.chars() {
        let byte = match ch {
            '(' | ')' | '\\' => {
                out.push('\\');
                ch as u32
            }
            '\u{2019}' => 0x92,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{0153}' => 0x9C,
            '\u{20AC}' => 0x80,
            '\u{202f}' => 0xA0,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u32,
            _ => return None,
        };
        if byte < 0x80 {
            out.push(char::from_u32(byte)?);
        } else {
            out.push_str(&format!("\\{byte:03o}"));
        }
    }
    Some(out)
}

/// The document: the pages in order, with the fonts and the cross-reference table.
pub fn assemble(pages: &[Page]) -> Vec<u8> {
    // 1 catalog, 2 pages, 3 and 4 Helvetica, then a page object and its content
    // each, then (if a page has shaped text) the embedded font's objects.
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let parts = || pages.iter().flat_map(|p| &p.parts);
    let glyphs = parts().flat_map(|part| match part {
        Part::Shaped { line, .. } => line.glyphs.as_slice(),
        _ => &[],
    });
    let subset = embed::Subset::new(glyphs);
    let unicode_font = 5 + 2 * pages.len();
    let uses_it = parts().any(|p| matches!(p, Part::Shaped { .. }));
    let fonts =
        if uses_it { format!("/F1 3 0 R /F2 4 0 R /F3 {unicode_font} 0 R") } else { "/F1 3 0 R /F2 4 0 R".into() };
    // Pictures after the font, each named Im1, Im2… in drawing order.
    let images: Vec<&Image> = parts()
        .filter_map(|p| match p {
            Part::Picture { image, .. } => Some(image),
            _ => None,
        })
        .collect();
    let mut next = unicode_font + if uses_it { 5 } else { 0 };
    let mut xobjects = String::new();
    for (k, image) in images.iter().enumerate() {
        xobjects.push_str(&format!("/Im{} {next} 0 R ", k + 1));
        next += image.object_count();
    }
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut drawn = 0;
    for (i, page) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Contents {} 0 R \
                 /Resources << /Font << {fonts} >> /XObject << {xobjects}>> >> >>",
                page.width,
                page.height,
                6 + 2 * i
            )
            .into_bytes(),
        );
        let content = page.content(&subset, &mut drawn);
        objects.push(format!("<< /Length {} >>\nstream\n{content}endstream", content.len()).into_bytes());
    }
    if uses_it {
        objects.extend(subset.objects(unicode_font));
    }
    let mut first = unicode_font + if uses_it { 5 } else { 0 };
    for image in images {
        objects.extend(image.objects(first));
        first += image.object_count();
    }
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

impl Page {
    /// The page's content stream; shaped glyphs named by their id in `subset`,
    /// pictures by their rank in the document (`drawn` so far).
    fn content(&self, subset: &embed::Subset, drawn: &mut usize) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Raw(ops) => out.push_str(ops),
                Part::Shaped { line, x, y, size, bold } => {
                    let scale = size / shaped::units_per_em();
                    // Bold by stroking the outlines too (the one font has no bold face).
                    let weight = if *bold { format!("2 Tr 0 G {:.2} w ", size * 0.03) } else { String::new() };
                    out.push_str(&format!("q BT /F3 {size} Tf {weight}"));
                    for g in &line.glyphs {
                        let (gx, gy) = (x + g.x as f32 * scale, y + g.y as f32 * scale);
                        out.push_str(&format!("1 0 0 1 {gx:.2} {gy:.2} Tm <{}> Tj ", subset.code(g.id)));
                    }
                    out.push_str("ET Q\n");
                }
                Part::Picture { x, y, width, height, .. } => {
                    *drawn += 1;
                    out.push_str(&format!("q {width:.2} 0 0 {height:.2} {x:.2} {y:.2} cm /Im{drawn} Do Q\n"));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_is_encoded_for_the_standard_font_and_parentheses_escaped() {
        assert_eq!(win_ansi("Thiès (Sénégal)").unwrap(), "Thi\\350s \\(S\\351n\\351gal\\)");
        assert_eq!(win_ansi("l’été").unwrap(), "l\\222\\351t\\351");
        assert_eq!(win_ansi("شهادة"), None, "Arabic is not in the standard fonts");
    }

    #[test]
    fn long_text_wraps_at_spaces() {
        assert_eq!(wrap("un deux trois quatre", 9), vec!["un deux", "trois", "quatre"]);
        assert_eq!(wrap("a\nb", 9), vec!["a", "b"]);
    }

    #[test]
    fn every_object_of_a_two_page_document_is_where_the_table_says() {
        let mut pages = vec![Page::new(595.0, 842.0), Page::new(595.0, 842.0)];
        pages[0].text(50.0, 800.0, 12.0, false, "Première page");
        pages[1].centred(800.0, 12.0, true, "Seconde page");
        let pdf = assemble(&pages);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Kids [5 0 R 7 0 R] /Count 2"));
        let startxref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert_eq!(&pdf[startxref..startxref + 4], b"xref", "startxref points at the table");
        let table = std::str::from_utf8(&pdf[startxref..]).unwrap();
        for (n, line) in table.lines().skip(3).take(8).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {} at {offset}", n + 1);
        }
    }
}
