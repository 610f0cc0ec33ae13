//! What an export holds, read from the database (`gather`), and its lines
//! (`lines`), kept apart so the lines are a plain function of what was read.

use crate::attendance::store as attendance;
use crate::certificates::store as certificates;
use crate::participants::types::ParticipantRow;
use crate::trainings::types::TrainingRow;
use modal_kit::db::AnyConnection;
use modal_kit::i18n::Lang;
use modal_kit::labels::label;
use modal_kit::spreadsheet::Cell;
use modal_kit::ApiError;
use std::collections::{BTreeSet, HashMap};

/// One training as exported: its enrolments with their weighted attendance and
/// valid certificate code.
pub struct TrainingData {
    pub training: TrainingRow,
    pub people: Vec<(ParticipantRow, i32, Option<String>)>,
}

pub fn gather(c: &mut AnyConnection, tenant: &str, training: &str) -> Result<TrainingData, ApiError> {
    let (training, sheet) = attendance::sheet(c, tenant, training)?;
    let certs = certificates::of_training(c, tenant, &training.id)?;
    let percent: HashMap<&str, i32> =
        sheet.participants.iter().map(|p| (p.participant_id.as_str(), p.weighted_percent)).collect();
    let people = crate::participants::store::of_training(c, tenant, &training.id)?
        .into_iter()
        .map(|p| {
            let code =
                certs.iter().find(|c| c.participant_id == p.id && c.revoked_at.is_none()).map(|c| c.code.clone());
            let rate = percent.get(p.id.as_str()).copied().unwrap_or(0);
            (p, rate, code)
        })
        .collect();
    Ok(TrainingData { training, people })
}

/// The registry organisations the lines name.
pub fn organisations(data: &[TrainingData]) -> BTreeSet<String> {
    data.iter().flat_map(|t| t.people.iter().filter_map(|(p, _, _)| p.organisation_id.clone())).collect()
}

pub fn header(lang: Lang) -> Vec<Cell> {
    let fr = [
        "Formation",
        "Début",
        "Fin",
        "Lieu",
        "Participant",
        "Sexe",
        "Mode",
        "Organisation",
        "Type d'organisation",
        "Pays de l'organisation",
        "Statut",
        "Présence pondérée (%)",
        "Certificat",
    ];
    let en = [
        "Training",
        "Start",
        "End",
        "Place",
        "Participant",
        "Sex",
        "Mode",
        "Organisation",
        "Organisation kind",
        "Organisation country",
        "Status",
        "Weighted attendance (%)",
        "Certificate",
    ];
    fr.iter().zip(en).map(|(f, e)| Cell::from(lang.pick(f, e))).collect()
}

/// The header, then a line per enrolment; `names` maps organisation ids to names.
pub fn lines(data: &[TrainingData], names: &HashMap<String, String>, lang: Lang) -> Vec<Vec<Cell>> {
    let text = |s: Option<&str>| s.map_or(Cell::Empty, Cell::from);
    let code = |c: Option<&str>| c.map_or(Cell::Empty, |c| Cell::from(label(c, lang)));
    let mut out = vec![header(lang)];
    for TrainingData { training: t, people } in data {
        for (p, rate, certificate) in people {
            let organisation = p.organisation_id.as_deref().map(|id| names.get(id).map_or(id, String::as_str));
            out.push(vec![
                Cell::from(t.title.as_str()),
                Cell::from(t.start_date.to_string()),
                Cell::from(t.end_date.to_string()),
                Cell::from(format!("{}, {}", t.city, t.country)),
                Cell::from(p.full_name.as_deref().unwrap_or(lang.pick("(effacé)", "(erased)"))),
                Cell::from(label(&format!("person:{}", p.sex), lang)),
                code(Some(&p.mode)),
                text(organisation),
                code(p.organisation_kind.as_deref()),
                text(p.organisation_country.as_deref()),
                code(Some(&p.status)),
                Cell::Number(f64::from(*rate)),
                text(certificate.as_deref()),
            ]);
        }
    }
    out
}
