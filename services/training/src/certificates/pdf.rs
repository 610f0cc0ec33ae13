//! The printable certificate: one A4 landscape page (the kit's PDF writer), its
//! text in French — the programme's certificates are French — and a QR code of
//! the verification address drawn as squares.

use modal_kit::pdf::{assemble, Page};

/// What is printed.
pub struct CertificatePage<'a> {
    pub holder_name: &'a str,
    pub training_title: &'a str,
    pub place: &'a str,
    pub dates: &'a str,
    pub host_partner: &'a str,
    pub code: &'a str,
    pub verification_url: &'a str,
}

pub fn render(c: &CertificatePage<'_>) -> Vec<u8> {
    let mut page = Page::new(842.0, 595.0);
    page.raw("0.2 0.35 0.6 RG 3 w 30 30 782 535 re S\n");
    page.centred(480.0, 28.0, true, "CERTIFICAT DE PARTICIPATION");
    page.centred(
        452.0,
        11.0,
        false,
        "Programme MODAL - Mobilisation des organisations de la diaspora et des associations locales",
    );
    page.centred(400.0, 14.0, false, "Nous certifions que");
    page.centred(365.0, 24.0, true, c.holder_name);
    page.centred(330.0, 14.0, false, "a participé à la formation");
    page.centred(298.0, 18.0, true, c.training_title);
    page.centred(270.0, 13.0, false, &format!("{}, {}", c.place, c.dates));
    page.centred(248.0, 13.0, false, &format!("Partenaire hôte : {}", c.host_partner));
    page.text(60.0, 80.0, 10.0, false, &format!("Code de vérification : {}", c.code));
    page.text(60.0, 66.0, 8.0, false, c.verification_url);
    page.raw(&qr_squares(c.verification_url, 842.0 - 60.0 - 110.0, 55.0, 110.0));
    assemble(&[page])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_names_its_holder_and_its_verification_code() {
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
        assert!(text.contains("(Code de v\\351rification : ABCDE-FGHJK-MNPQR-STVWX) Tj"));
        assert!(text.contains(" re f\n"), "the QR code is drawn");
    }
}
