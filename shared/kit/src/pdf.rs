//! Printable documents (a training certificate, a grant agreement) as PDF written
//! by hand: pages of text in the standard Helvetica fonts, lines and filled
//! squares. A PDF library would bring fonts and a layout engine these few fixed
//! pages do not need; the format's part is ~100 lines here, each page's layout
//! stays with the service that prints it.

/// One page being drawn, `width` × `height` points (A4 portrait is 595 × 842).
pub struct Page {
    pub width: f32,
    pub height: f32,
    content: String,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page { width, height, content: String::new() }
    }

    /// `text` with its baseline at (x, y), in Helvetica (bold if asked).
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { "F2" } else { "F1" };
        self.content.push_str(&format!("BT /{font} {size} Tf {x:.1} {y:.1} Td ({}) Tj ET\n", pdf_text(text)));
    }

    /// `text` centred on the page, by an average glyph width of half the size.
    pub fn centred(&mut self, y: f32, size: f32, bold: bool, text: &str) {
        let x = (self.width - text.chars().count() as f32 * size * 0.5) / 2.0;
        self.text(x, y, size, bold, text);
    }

    /// Drawing operators written as they are (rectangles, colours, lines).
    pub fn raw(&mut self, operators: &str) {
        self.content.push_str(operators);
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

/// A PDF string literal in WinAnsiEncoding: Latin-1 letters (é, à, ç…) map to
/// themselves, a few common others to their code; anything else becomes `?`.
pub fn pdf_text(text: &str) -> String {
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
            _ => u32::from(b'?'),
        };
        if byte < 0x80 {
            out.push(char::from_u32(byte).unwrap_or('?'));
        } else {
            out.push_str(&format!("\\{byte:03o}"));
        }
    }
    out
}

/// The document: the pages in order, with the fonts and the cross-reference table.
pub fn assemble(pages: &[Page]) -> Vec<u8> {
    // 1 catalog, 2 pages, 3 and 4 fonts, then a page object and its content each.
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    for (i, page) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Contents {} 0 R \
             /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>",
            page.width,
            page.height,
            6 + 2 * i
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{}endstream", page.content.len(), page.content));
    }
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_is_encoded_for_the_standard_font_and_parentheses_escaped() {
        assert_eq!(pdf_text("Thiès (Sénégal)"), "Thi\\350s \\(S\\351n\\351gal\\)");
        assert_eq!(pdf_text("l’été"), "l\\222\\351t\\351");
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
