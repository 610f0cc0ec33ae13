//! The printable certificate: a one-page A4 landscape PDF written by hand (text in
//! the standard Helvetica font, a QR code drawn as squares). A PDF library would
//! bring fonts and layout we do not need for one fixed page; this stays ~100 lines.

/// What is printed. Text is in French: the programme's certificates are French.
pub struct CertificatePage<'a> {
    pub holder_name: &'a str,
    pub training_title: &'a str,
    pub place: &'a str,
    pub dates: &'a str,
    pub host_partner: &'a str,
    pub code: &'a str,
    pub verification_url: &'a str,
}

const WIDTH: f32 = 842.0;
const HEIGHT: f32 = 595.0;

pub fn render(page: &CertificatePage<'_>) -> Vec<u8> {
    let mut content = String::new();
    content.push_str("0.2 0.35 0.6 RG 3 w 30 30 782 535 re S\n");
    let mut line = |text: &str, size: f32, y: f32, bold: bool| {
        // Centre by an average Helvetica glyph width of half the font size.
        let x = (WIDTH - text.chars().count() as f32 * size * 0.5) / 2.0;
        let font = if bold { "F2" } else { "F1" };
        content.push_str(&format!("BT /{font} {size} Tf {x:.1} {y:.1} Td ({}) Tj ET\n", pdf_text(text)));
    };
    line("CERTIFICAT DE PARTICIPATION", 28.0, 480.0, true);
    line(
        "Programme MODAL - Mobilisation des organisations de la diaspora et des associations locales",
        11.0,
        452.0,
        false,
    );
    line("Nous certifions que", 14.0, 400.0, false);
    line(page.holder_name, 24.0, 365.0, true);
    line("a participé à la formation", 14.0, 330.0, false);
    line(page.training_title, 18.0, 298.0, true);
    line(&format!("{}, {}", page.place, page.dates), 13.0, 270.0, false);
    line(&format!("Partenaire hôte : {}", page.host_partner), 13.0, 248.0, false);
    let code_line = pdf_text(&format!("Code de vérification : {}", page.code));
    content.push_str(&format!("BT /F1 10 Tf 60 80 Td ({code_line}) Tj ET\n"));
    content.push_str(&format!("BT /F1 8 Tf 60 66 Td ({}) Tj ET\n", pdf_text(page.verification_url)));
    content.push_str(&qr_squares(page.verification_url, WIDTH - 60.0 - 110.0, 55.0, 110.0));
    assemble(&content)
}

/// The QR code of `data` as filled squares, `size` points wide, at (x, y).
fn qr_squares(data: &str, x: f32, y: f32, size: f32) -> String {
    let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else { return String::new() };
    let width = code.width();
    let module = size / width as f32;
    let mut out = String::from("0 0 0 rg\n");
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (col, row) = ((i % width) as f32, (i / width) as f32);
            out.push_str(&format!(
                "{:.2} {:.2} {:.2} {:.2} re f\n",
                x + col * module,
                y + size - (row + 1.0) * module,
                module,
                module
            ));
        }
    }
    out
}

/// A PDF string literal in WinAnsiEncoding: Latin-1 letters (é, à, ç…) map to
/// themselves, a few common others to their code; anything else becomes `?`.
fn pdf_text(text: &str) -> String {
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

fn assemble(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
        ),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_string(),
    ];
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
    fn the_document_is_a_pdf_with_a_correct_cross_reference() {
        let pdf = render(&CertificatePage {
            holder_name: "Awa Ndiaye",
            training_title: "Gouvernance associative",
            place: "Thiès, SN",
            dates: "du 2 au 6 août 2021",
            host_partner: "DIADEM",
            code: "ABCDE-FGHJK-MNPQR-STVWX",
            verification_url: "http://127.0.0.1:8082/v1/certificates/ABCDE-FGHJK-MNPQR-STVWX",
        });
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("(Awa Ndiaye) Tj"));
        assert!(
            text.contains("(Code de v\\351rification : ABCDE-FGHJK-MNPQR-STVWX) Tj"),
            "every line goes through pdf_text"
        );
        let startxref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert_eq!(&pdf[startxref..startxref + 4], b"xref", "startxref points at the table");
    }
}
