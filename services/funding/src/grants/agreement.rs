//! The grant agreement as a PDF, in French: the parties, the project, the amount
//! in figures and in words, the tranches, the reporting rule and a block for the
//! signatures. Printed from the grant as stored; both parties sign it on paper and
//! upload the scan.

use super::types::{GrantRow, TrancheRow};
use crate::applications::types::ApplicationRow;
use crate::calls::types::CallRow;
use chrono::{Datelike, NaiveDate};
use modal_kit::pdf::{assemble, wrap, Page};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const LEFT: f32 = 60.0;

/// Lines down A4 pages, starting a new page when one is full.
struct Writer {
    pages: Vec<Page>,
    y: f32,
}

impl Writer {
    fn new() -> Writer {
        Writer { pages: vec![Page::new(WIDTH, HEIGHT)], y: HEIGHT - 70.0 }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn room(&mut self, height: f32) {
        if self.y - height < 60.0 {
            self.pages.push(Page::new(WIDTH, HEIGHT));
            self.y = HEIGHT - 70.0;
        }
    }

    fn title(&mut self, text: &str, size: f32) {
        self.room(size + 8.0);
        let y = self.y;
        self.page().centred(y, size, true, text);
        self.y -= size + 8.0;
    }

    fn heading(&mut self, text: &str) {
        self.y -= 6.0;
        self.room(30.0);
        let y = self.y;
        self.page().text(LEFT, y, 11.5, true, text);
        self.y -= 17.0;
    }

    /// A paragraph wrapped to the page's width (about 95 characters at 10 points).
    fn paragraph(&mut self, text: &str) {
        for line in wrap(text, 95) {
            self.room(14.0);
            let y = self.y;
            self.page().text(LEFT, y, 10.0, false, &line);
            self.y -= 14.0;
        }
        self.y -= 4.0;
    }

    fn columns(&mut self, cells: &[(f32, &str)], bold: bool) {
        self.room(14.0);
        let y = self.y;
        for (x, text) in cells {
            self.page().text(LEFT + x, y, 9.5, bold, text);
        }
        self.y -= 14.0;
    }
}

/// `2021-08-02` as « 2 août 2021 ».
pub fn date_fr(day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let first = if day.day() == 1 { "1er".to_string() } else { day.day().to_string() };
    format!("{first} {} {}", MONTHS[day.month0() as usize], day.year())
}

pub fn render(grant: &GrantRow, tranches: &[TrancheRow], app: &ApplicationRow, call: &CallRow) -> Vec<u8> {
    let (parties, cur) = (grant.parties(), grant.currency());
    let mut w = Writer::new();
    w.title("CONVENTION DE SUBVENTION", 20.0);
    w.title("Programme MODAL - Mécanisme pilote de financement des microprojets", 10.5);
    w.y -= 8.0;
    w.paragraph(&format!("Appel à projets : « {} »", call.title));
    w.paragraph(&format!("Convention n° {}", grant.id));
    w.heading("Entre les soussignés");
    w.paragraph(&format!("{}, partenaire pays du programme MODAL, ci-après « le Programme »,", parties.programme));
    w.paragraph("et");
    w.paragraph(&format!(
        "{} ({}), organisation locale, ci-après « le Bénéficiaire », agissant en partenariat avec {} ({}), \
         organisation de la diaspora, ci-après « le Partenaire ».",
        parties.applicant.name, parties.applicant.country, parties.partner.name, parties.partner.country
    ));
    w.heading("Article 1 - Objet");
    w.paragraph(&format!(
        "Le Programme accorde au Bénéficiaire une subvention pour réaliser le projet « {} » à {}, \
         d'une durée de {} mois, tel que décrit dans la candidature n° {} (révision {}).",
        app.title, app.place, app.duration_months, app.id, app.revision
    ));
    w.heading("Article 2 - Montant");
    w.paragraph(&format!(
        "Le montant de la subvention est de {} ({}).",
        cur.format(grant.amount),
        cur.in_words_fr(grant.amount)
    ));
    w.heading("Article 3 - Durée");
    w.paragraph(&format!("Le projet est exécuté du {} au {}.", date_fr(grant.starts_on), date_fr(grant.ends_on)));
    w.heading("Article 4 - Versements");
    w.paragraph("La subvention est versée en tranches :");
    w.columns(&[(0.0, "N°"), (30.0, "Montant"), (150.0, "Échéance"), (260.0, "Condition")], true);
    for t in tranches {
        let condition = wrap(&t.condition, 45);
        let first = condition.first().cloned().unwrap_or_default();
        let (number, amount, due) = (t.number.to_string(), cur.format(t.amount), date_fr(t.due_on));
        w.columns(&[(0.0, &number), (30.0, &amount), (150.0, &due), (260.0, &first)], false);
        for more in condition.iter().skip(1) {
            w.columns(&[(260.0, more)], false);
        }
    }
    w.y -= 4.0;
    w.heading("Article 5 - Rapports");
    w.paragraph(
        "Pour chaque tranche, le Bénéficiaire remet un rapport narratif et un rapport financier (dépenses \
         par ligne budgétaire, pièces justificatives jointes). La tranche suivante n'est versée qu'après \
         l'acceptation du rapport de la précédente.",
    );
    w.heading("Article 6 - Signatures");
    w.paragraph("Fait en deux exemplaires originaux.");
    w.y -= 6.0;
    w.room(120.0);
    let y = w.y;
    let block = format!(
        "0.3 0.3 0.3 RG 0.8 w {LEFT} {:.1} 220 100 re S {:.1} {:.1} 220 100 re S\n",
        y - 100.0,
        LEFT + 255.0,
        y - 100.0
    );
    let page = w.page();
    page.raw(&block);
    for (x, who, name) in [
        (LEFT, "Pour le Programme", &parties.programme),
        (LEFT + 255.0, "Pour le Bénéficiaire", &parties.applicant.name),
    ] {
        page.text(x + 8.0, y - 16.0, 10.0, true, who);
        page.text(x + 8.0, y - 30.0, 9.0, false, name);
        page.text(x + 8.0, y - 48.0, 9.0, false, "Nom, fonction :");
        page.text(x + 8.0, y - 64.0, 9.0, false, "Date :");
        page.text(x + 8.0, y - 80.0, 9.0, false, "Signature :");
    }
    assemble(&w.pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_french_way() {
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2021, 8, 2).unwrap()), "2 août 2021");
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()), "1er janvier 2022");
    }
}
