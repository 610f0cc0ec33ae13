//! The catalogue: every indicator reporting computes, with its definition, and the
//! plain function that computes it from a tenant's figures.

use super::value::{Disaggregations, IndicatorValue, Unit};
use crate::peers::{ApplicationCount, FundingFigures, RegistryFigures, TrainingFigures};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What an indicator is, as the catalogue route and the exports show it.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct Definition {
    pub code: &'static str,
    pub unit: Unit,
    pub source: &'static str,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    /// What it counts, and which filter.
    pub counts_fr: &'static str,
    pub counts_en: &'static str,
}

const fn def(
    code: &'static str,
    unit: Unit,
    source: &'static str,
    fr: [&'static str; 2],
    en: [&'static str; 2],
) -> Definition {
    Definition { code, unit, source, label_fr: fr[0], counts_fr: fr[1], label_en: en[0], counts_en: en[1] }
}

use Unit::{Count, EurCents, PercentTenths as Percent};

pub const CATALOGUE: &[Definition] = &[
    def("organisations_identified", Count, "registry",
        ["Organisations identifiées", "Organisations enregistrées dans la période, non archivées ; par type, pays et origine (diaspora ou locale)."],
        ["Organisations identified", "Organisations entered in the period, not archived; by kind, country and origin (diaspora or local)."]),
    def("partnerships", Count, "registry",
        ["Partenariats", "Partenariats diaspora–local enregistrés dans la période ; par type."],
        ["Partnerships", "Diaspora–local partnerships entered in the period; by kind."]),
    def("trainings_held", Count, "training",
        ["Formations tenues", "Formations dont le dernier jour, passé, tombe dans la période."],
        ["Trainings held", "Trainings whose last day, past, falls in the period."]),
    def("persons_trained", Count, "training",
        ["Personnes formées", "Participants (hors inscriptions annulées) des formations de la période ; par sexe, mode, type et pays d'organisation."],
        ["Persons trained", "Participants (cancelled enrolments excluded) of the period's trainings; by sex, mode, organisation kind and country."]),
    def("women_trained_share", Percent, "training",
        ["Part des femmes parmi les personnes formées", "Femmes formées / personnes formées × 100."],
        ["Share of women among persons trained", "Women trained / persons trained × 100."]),
    def("online_participation_share", Percent, "training",
        ["Part des participations en ligne", "Participants en ligne / personnes formées × 100."],
        ["Share of online participation", "Online participants / persons trained × 100."]),
    def("certificates_issued", Count, "training",
        ["Attestations délivrées", "Attestations délivrées dans la période et non révoquées."],
        ["Certificates issued", "Certificates issued in the period and not revoked."]),
    def("calls_opened", Count, "funding",
        ["Appels à projets ouverts", "Appels dont la fenêtre s'est ouverte dans la période."],
        ["Calls for projects opened", "Calls whose window opened in the period."]),
    def("applications_received", Count, "funding",
        ["Candidatures reçues", "Candidatures soumises pour la première fois dans la période ; par état, pays et type de candidat."],
        ["Applications received", "Applications first submitted in the period; by state, country and applicant kind."]),
    def("applications_eligible", Count, "funding",
        ["Candidatures éligibles", "Candidatures reçues dans la période et déclarées éligibles (quelle que soit la suite)."],
        ["Applications eligible", "Applications received in the period and found eligible (whatever came next)."]),
    def("applications_selected", Count, "funding",
        ["Candidatures retenues", "Candidatures reçues dans la période et retenues par le comité."],
        ["Applications selected", "Applications received in the period and selected by the committee."]),
    def("selection_rate", Percent, "funding",
        ["Part des candidatures retenues", "Candidatures retenues / candidatures reçues × 100."],
        ["Share of applications selected", "Applications selected / applications received × 100."]),
    def("amount_requested_eur", EurCents, "funding",
        ["Montants demandés (EUR)", "Montants des candidatures reçues dans la période ; par devise (en unités de la devise)."],
        ["Amounts requested (EUR)", "Amounts of the applications received in the period; by currency (in its minor units)."]),
    def("amount_committed_eur", EurCents, "funding",
        ["Montants engagés (EUR)", "Subventions dont la convention a été signée par les deux parties dans la période."],
        ["Amounts committed (EUR)", "Grants whose agreement both parties signed in the period."]),
    def("amount_disbursed_eur", EurCents, "funding",
        ["Montants décaissés (EUR)", "Versements payés dans la période."],
        ["Amounts disbursed (EUR)", "Payments made in the period."]),
    def("disbursement_rate", Percent, "funding",
        ["Taux de décaissement", "Montants décaissés / montants engagés × 100 (en euros)."],
        ["Disbursement rate", "Amounts disbursed / amounts committed × 100 (in euros)."]),
    def("outcomes_recorded", Count, "reporting",
        ["Effets inattendus consignés", "Effets du journal datés dans la période ; par type."],
        ["Unexpected outcomes recorded", "Outcome log entries dated in the period; by type."]),
    def("network_members", Count, "reporting",
        ["Membres des réseaux créés", "Membres déclarés des réseaux (ex. groupe WhatsApp) consignés dans la période."],
        ["Members of the networks created", "Declared members of the networks (e.g. a WhatsApp group) recorded in the period."]),
];

pub fn definition(code: &str) -> Option<&'static Definition> {
    CATALOGUE.iter().find(|d| d.code == code)
}

/// What a tenant's indicators are computed from: its latest snapshots (absent if
/// a service was never read) and its outcome log.
#[derive(Default)]
pub struct Inputs {
    pub registry: Option<RegistryFigures>,
    pub training: Option<TrainingFigures>,
    pub funding: Option<FundingFigures>,
    /// Outcomes of the period: kind → (entries, declared members).
    pub outcomes: BTreeMap<String, (i64, i64)>,
}

struct Measure {
    numerator: i64,
    denominator: Option<i64>,
    disaggregations: Disaggregations,
}

fn count(n: i64) -> Measure {
    Measure { numerator: n, denominator: None, disaggregations: Disaggregations::new() }
}

fn ratio(n: i64, d: i64) -> Measure {
    Measure { numerator: n, denominator: Some(d), disaggregations: Disaggregations::new() }
}

impl Measure {
    fn by(mut self, dimension: &str, categories: BTreeMap<String, i64>) -> Measure {
        self.disaggregations.insert(dimension.to_string(), categories);
        self
    }
}

fn registry(code: &str, r: &RegistryFigures) -> Option<Measure> {
    let diaspora = r.by_kind.get("diaspora_organisation").copied().unwrap_or(0);
    let origin =
        BTreeMap::from([("diaspora".to_string(), diaspora), ("local".to_string(), r.organisations - diaspora)]);
    Some(match code {
        "organisations_identified" => count(r.organisations)
            .by("kind", r.by_kind.clone())
            .by("country", r.by_country.clone())
            .by("origin", origin),
        "partnerships" => count(r.partnerships).by("kind", r.partnerships_by_kind.clone()),
        _ => return None,
    })
}

fn training(code: &str, t: &TrainingFigures) -> Option<Measure> {
    let of = |m: &BTreeMap<String, i64>, k: &str| m.get(k).copied().unwrap_or(0);
    Some(match code {
        "trainings_held" => count(t.trainings_held),
        "persons_trained" => count(t.participants)
            .by("sex", t.by_sex.clone())
            .by("mode", t.by_mode.clone())
            .by("organisation_kind", t.by_organisation_kind.clone())
            .by("country", t.by_organisation_country.clone()),
        "women_trained_share" => ratio(of(&t.by_sex, "female"), t.participants),
        "online_participation_share" => ratio(of(&t.by_mode, "online"), t.participants),
        "certificates_issued" => count(t.certificates_issued),
        _ => return None,
    })
}

/// Which of funding's counts of an application group an indicator sums: all of
/// them, those ever found eligible, those ever selected (whatever came next: a
/// project withdrawn after selection was selected).
fn received(a: &ApplicationCount) -> i64 {
    a.count
}
fn eligible(a: &ApplicationCount) -> i64 {
    a.ever_eligible
}
fn selected(a: &ApplicationCount) -> i64 {
    a.ever_selected
}

fn funding(code: &str, f: &FundingFigures) -> Option<Measure> {
    let apps = |pick: fn(&ApplicationCount) -> i64| -> Measure {
        let mut by: [BTreeMap<String, i64>; 3] = Default::default();
        for a in f.applications.iter().filter(|a| pick(a) > 0) {
            for (map, key) in by.iter_mut().zip([&a.status, &a.country, &a.applicant_kind]) {
                *map.entry(key.clone()).or_insert(0) += pick(a);
            }
        }
        let [status, country, kind] = by;
        let total = f.applications.iter().map(pick).sum();
        count(total).by("status", status).by("country", country).by("applicant_kind", kind)
    };
    let by_currency = |pick: fn(&crate::peers::Amounts) -> i64| -> BTreeMap<String, i64> {
        f.amounts.iter().map(|c| (c.currency.clone(), pick(&c.amounts))).collect()
    };
    let eur = &f.amounts_eur;
    Some(match code {
        "calls_opened" => count(f.calls_opened),
        "applications_received" => apps(received),
        "applications_eligible" => apps(eligible),
        "applications_selected" => apps(selected),
        "selection_rate" => ratio(apps(selected).numerator, apps(received).numerator),
        "amount_requested_eur" => count(eur.requested).by("currency", by_currency(|a| a.requested)),
        "amount_committed_eur" => count(eur.committed).by("currency", by_currency(|a| a.committed)),
        "amount_disbursed_eur" => count(eur.disbursed).by("currency", by_currency(|a| a.disbursed)),
        "disbursement_rate" => ratio(eur.disbursed, eur.committed),
        _ => return None,
    })
}

fn outcomes(code: &str, o: &BTreeMap<String, (i64, i64)>) -> Option<Measure> {
    Some(match code {
        "outcomes_recorded" => {
            count(o.values().map(|(n, _)| n).sum()).by("kind", o.iter().map(|(k, (n, _))| (k.clone(), *n)).collect())
        }
        "network_members" => count(o.get("network").map_or(0, |(_, m)| *m)),
        _ => return None,
    })
}

/// Every indicator of the catalogue, for one tenant.
pub fn compute(inputs: &Inputs) -> Vec<IndicatorValue> {
    CATALOGUE
        .iter()
        .map(|d| {
            let measured = match d.source {
                "registry" => inputs.registry.as_ref().and_then(|r| registry(d.code, r)),
                "training" => inputs.training.as_ref().and_then(|t| training(d.code, t)),
                "funding" => inputs.funding.as_ref().and_then(|f| funding(d.code, f)),
                _ => outcomes(d.code, &inputs.outcomes),
            };
            let complete = measured.is_some();
            let m = measured.unwrap_or_else(|| Measure {
                numerator: 0,
                denominator: (d.unit == Unit::PercentTenths).then_some(0),
                disaggregations: Disaggregations::new(),
            });
            IndicatorValue {
                code: d.code.to_string(),
                unit: d.unit,
                value: None,
                numerator: m.numerator,
                denominator: m.denominator,
                disaggregations: m.disaggregations,
                source: d.source.to_string(),
                complete,
            }
            .settle(complete)
        })
        .collect()
}
