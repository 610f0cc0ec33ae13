//! The words a person reads for the codes the JSON API keeps: one catalogue for
//! exports, PDFs and pages (`on_site` → « sur place »), French first, English
//! beside. A code without an entry reads as itself, so a new code is never lost,
//! only untranslated until it is added here.

use crate::i18n::Lang;

/// `(code, French, English)`, codes unique across the table.
const LABELS: &[(&str, &str, &str)] = &[
    // Dimensions of a disaggregation.
    ("sex", "sexe", "sex"),
    ("mode", "mode de participation", "mode of attendance"),
    ("organisation_kind", "type d'organisation", "organisation kind"),
    ("kind", "type", "kind"),
    ("country", "pays", "country"),
    ("origin", "origine", "origin"),
    ("status", "état", "state"),
    ("applicant_kind", "type de candidat", "applicant kind"),
    ("currency", "devise (unités de la devise)", "currency (its minor units)"),
    // Sex and mode (training).
    ("female", "femmes", "women"),
    ("male", "hommes", "men"),
    ("undisclosed", "non précisé", "undisclosed"),
    ("on_site", "sur place", "on site"),
    ("online", "en ligne", "online"),
    // One person's sex (a line of a participant list), beside the counts' words above.
    ("person:female", "femme", "woman"),
    ("person:male", "homme", "man"),
    ("person:undisclosed", "non précisé", "undisclosed"),
    // Participant statuses and attendance marks (training).
    ("registered", "inscrit", "registered"),
    ("confirmed", "confirmé", "confirmed"),
    ("cancelled", "annulé", "cancelled"),
    ("no_show", "non présenté", "no-show"),
    ("partly_attended", "présence partielle", "partly attended"),
    ("fully_attended", "présence complète", "fully attended"),
    ("present", "présent", "present"),
    ("late", "en retard", "late"),
    ("excused", "excusé", "excused"),
    ("absent", "absent", "absent"),
    ("hybrid", "hybride", "hybrid"),
    // Organisation kinds (registry), and origin.
    ("diaspora_organisation", "organisation de la diaspora", "diaspora organisation"),
    ("local_association", "association locale", "local association"),
    ("federation_or_collective", "fédération ou collectif", "federation or collective"),
    ("cooperative", "coopérative", "cooperative"),
    ("local_authority", "collectivité locale", "local authority"),
    ("diaspora", "diaspora", "diaspora"),
    ("local", "locale", "local"),
    ("none", "sans organisation", "no organisation"),
    ("other", "autre", "other"),
    ("unknown", "inconnu", "unknown"),
    // Application states (funding).
    ("draft", "brouillon", "draft"),
    ("submitted", "soumise", "submitted"),
    ("info_requested", "compléments demandés", "information requested"),
    ("eligible", "éligible", "eligible"),
    ("ineligible", "inéligible", "ineligible"),
    ("under_review", "en évaluation", "under review"),
    ("selected", "retenue", "selected"),
    ("reserve", "liste d'attente", "reserve"),
    ("rejected", "non retenue", "rejected"),
    ("contracted", "conventionnée", "contracted"),
    ("in_progress", "en cours", "in progress"),
    ("completed", "achevée", "completed"),
    ("closed", "clôturée", "closed"),
    ("withdrawn", "retirée", "withdrawn"),
    // Partnership kinds (registry).
    ("co_development_project", "projet de codéveloppement", "co-development project"),
    ("twinning", "jumelage", "twinning"),
    ("financial_support", "appui financier", "financial support"),
    ("technical_support", "appui technique", "technical support"),
    ("knowledge_exchange", "échange de savoirs", "knowledge exchange"),
    // Outcome kinds (reporting).
    ("space_for_dialogue", "espace de dialogue", "space for dialogue"),
    ("network", "réseau", "network"),
    ("new_association", "nouvelle association", "new association"),
    ("new_partnership", "nouveau partenariat", "new partnership"),
    // Units.
    ("count", "nombre", "count"),
    ("percent_tenths", "pourcentage", "percentage"),
    ("eur_cents", "euros", "euros"),
];

/// The label of `code` in `lang`, or the code itself.
pub fn label(code: &str, lang: Lang) -> &str {
    match LABELS.iter().find(|(c, _, _)| *c == code) {
        Some((_, fr, en)) => lang.pick(fr, en),
        None => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_in_french_first_and_unknown_codes_as_themselves() {
        assert_eq!(label("on_site", Lang::Fr), "sur place");
        assert_eq!(label("diaspora_organisation", Lang::Fr), "organisation de la diaspora");
        assert_eq!(label("on_site", Lang::En), "on site");
        assert_eq!(label("SN", Lang::Fr), "SN");
    }

    #[test]
    fn every_code_has_one_entry() {
        let mut codes: Vec<&str> = LABELS.iter().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), before);
    }
}
