//! MODAL's 2021, told end to end over real HTTP through the four services, and
//! counted by reporting.
//!
//! The story (from the programme document): four partners — DIADEM (Senegal),
//! FECONG (Mali), PAIPS (Côte d'Ivoire) and ADEPT (Morocco) — identify diaspora
//! organisations and local associations, and the partnerships between them. Three
//! hybrid trainings are held in 2021: Thiès in July, Bamako in September,
//! Grand-Bassam in November; 75 persons trained in all (45 on site, 30 online, 40
//! women), attendance marked, certificates issued to those who came enough. DIADEM
//! and FECONG each open a call for projects: applications are screened, reviewed
//! and decided by the committee, grants signed and tranches paid in 2021. The
//! outcome log records WhatsApp networks, spaces for dialogue, a new association.
//!
//! What counts when (the stats handlers' rules): a training and its participants
//! count on the training's last day, a payment on the day it was paid, an outcome
//! on the day it occurred — all in 2021. An organisation, a partnership, a call, an
//! application, a certificate and a signed agreement count on the day they were
//! entered: today, in the tenant's time zone. So the test gathers 2021 and the
//! current year, and checks every indicator of every tenant for each year and
//! quarter against a model of what the story put in that period; then the
//! programme's report (totals summed, ratios from summed counts). Then funding
//! goes down: reports still answer from the snapshots, and a new gathering names
//! funding as failed while the previous figures stay the latest.

mod common;

use chrono::{Datelike, NaiveDate};
use common::funding::flow;
use common::story::{assert_figures, expect, sum, xof_in_eur_cents, Expected, Figures, Reporting};
use modal_testkit::{assert_problem, spawn_system, token, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------
// The story, as data.
// ---------------------------------------------------------------------------

const DIASPORA: &str = "diaspora_organisation";
const LOCAL: &str = "local_association";
const COOPERATIVE: &str = "cooperative";
const AUTHORITY: &str = "local_authority";

struct Org {
    key: &'static str,
    kind: &'static str,
    name: &'static str,
    country: &'static str,
    /// Entered by mistake and removed the same day: counts nowhere.
    removed: bool,
}

fn org(key: &'static str, kind: &'static str, name: &'static str, country: &'static str) -> Org {
    Org { key, kind, name, country, removed: false }
}

/// A partnership: diaspora organisation, local one, kind, status.
struct Link(&'static str, &'static str, &'static str, &'static str);

/// `n` persons alike: sex, mode, the organisation they represent (or none).
struct Group {
    n: usize,
    sex: &'static str,
    mode: &'static str,
    org: Option<&'static str>,
    /// How many of them come on the first day only (no certificate).
    absent: usize,
    /// An enrolment cancelled: counted nowhere.
    cancelled: bool,
}

fn group(n: usize, sex: &'static str, mode: &'static str, org: Option<&'static str>) -> Group {
    Group { n, sex, mode, org, absent: 0, cancelled: false }
}

/// A hybrid training, one attendance day per day.
struct Session {
    title: &'static str,
    city: &'static str,
    country: &'static str,
    days: &'static [&'static str],
    groups: Vec<Group>,
}

impl Session {
    fn last_day(&self) -> NaiveDate {
        day(self.days[self.days.len() - 1])
    }

    /// Those who earn a certificate.
    fn certified(&self) -> i64 {
        self.groups.iter().filter(|g| !g.cancelled).map(|g| (g.n - g.absent) as i64).sum()
    }
}

/// Where an application ends up.
enum Fate {
    /// Never submitted.
    Draft,
    Ineligible,
    Rejected,
    Reserve,
    /// A grant of `grant` signed, and payments (tranche, amount, paid on).
    Selected {
        grant: i64,
        payments: &'static [(i64, i64, &'static str)],
    },
}

struct Application {
    applicant: &'static str,
    partner: &'static str,
    title: &'static str,
    /// XOF.
    requested: i64,
    fate: Fate,
}

impl Application {
    /// The state it is in at the end of the story.
    fn status(&self) -> &'static str {
        match self.fate {
            Fate::Draft => "draft",
            Fate::Ineligible => "ineligible",
            Fate::Rejected => "rejected",
            Fate::Reserve => "reserve",
            Fate::Selected { payments: [], .. } => "contracted",
            Fate::Selected { .. } => "in_progress",
        }
    }

    fn found_eligible(&self) -> bool {
        matches!(self.fate, Fate::Rejected | Fate::Reserve | Fate::Selected { .. })
    }

    fn selected(&self) -> bool {
        matches!(self.fate, Fate::Selected { .. })
    }
}

/// A call for projects in XOF, and its applications (projects in `country`).
struct Call {
    envelope: i64,
    place: &'static str,
    country: &'static str,
    applications: Vec<Application>,
}

/// When an outcome occurred.
enum On {
    Day(&'static str),
    /// The first day of the current quarter (the one 2021 must not count).
    ThisQuarter,
}

impl On {
    fn day(&self, today: NaiveDate) -> NaiveDate {
        match self {
            On::Day(d) => day(d),
            On::ThisQuarter => NaiveDate::from_ymd_opt(today.year(), (today.month() - 1) / 3 * 3 + 1, 1).unwrap(),
        }
    }
}

struct Outcome {
    kind: &'static str,
    title: &'static str,
    on: On,
    members: Option<i64>,
}

fn outcome(kind: &'static str, title: &'static str, on: On, members: Option<i64>) -> Outcome {
    Outcome { kind, title, on, members }
}

struct Tenant {
    id: &'static str,
    orgs: Vec<Org>,
    links: Vec<Link>,
    session: Option<Session>,
    call: Option<Call>,
    outcomes: Vec<Outcome>,
}

fn story() -> Vec<Tenant> {
    vec![
        Tenant {
            id: "diadem",
            orgs: vec![
                org("jappo-fr", DIASPORA, "Jappo France", "FR"),
                org("thies-it", DIASPORA, "Thiès Solidarité Italia", "IT"),
                org("louga-lyon", DIASPORA, "Diaspora Louga Lyon", "FR"),
                org("jappo", LOCAL, "Jappo Thiès", "SN"),
                org("suxali", LOCAL, "And Suxali Kaolack", "SN"),
                org("ndiambour", LOCAL, "Ndiambour Louga", "SN"),
                org("pout", COOPERATIVE, "GIE des maraîchers de Pout", "SN"),
            ],
            links: vec![
                Link("jappo-fr", "jappo", "twinning", "active"),
                Link("thies-it", "suxali", "co_development_project", "active"),
                Link("louga-lyon", "ndiambour", "knowledge_exchange", "planned"),
            ],
            session: Some(Session {
                title: "Gestion de projets de développement local",
                city: "Thiès",
                country: "SN",
                days: &["2021-07-12", "2021-07-13", "2021-07-14"],
                groups: vec![
                    group(9, "female", "on_site", Some("jappo")),
                    group(5, "male", "on_site", Some("suxali")),
                    Group { absent: 2, ..group(4, "male", "on_site", None) },
                    group(2, "female", "on_site", Some("pout")),
                    group(5, "female", "online", Some("jappo-fr")),
                    group(2, "male", "online", None),
                    group(1, "undisclosed", "online", None),
                ],
            }),
            call: Some(Call {
                envelope: 8_000_000,
                place: "Thiès",
                country: "SN",
                applications: vec![
                    Application {
                        applicant: "jappo",
                        partner: "jappo-fr",
                        title: "Maraîchage solidaire",
                        requested: 5_000_000,
                        fate: Fate::Selected {
                            grant: 5_000_000,
                            payments: &[(1, 3_000_000, "2021-09-20"), (2, 2_000_000, "2021-12-15")],
                        },
                    },
                    Application {
                        applicant: "suxali",
                        partner: "thies-it",
                        title: "Moulin à mil",
                        requested: 4_000_000,
                        fate: Fate::Reserve,
                    },
                    // Its partnership is only planned: the check fails, screened out.
                    Application {
                        applicant: "ndiambour",
                        partner: "louga-lyon",
                        title: "Cybercafé",
                        requested: 2_000_000,
                        fate: Fate::Ineligible,
                    },
                ],
            }),
            outcomes: vec![
                outcome("network", "Groupe WhatsApp des formés de Thiès", On::Day("2021-07-20"), Some(42)),
                outcome(
                    "space_for_dialogue",
                    "Cadre de concertation diaspora–commune de Thiès",
                    On::Day("2021-10-14"),
                    None,
                ),
            ],
        },
        Tenant {
            id: "fecong",
            orgs: vec![
                org("montreuil", DIASPORA, "Fédération des Maliens de Montreuil", "FR"),
                org("madrid", DIASPORA, "Kayes Diaspora Madrid", "ES"),
                org("benkadi", LOCAL, "Association Benkadi Kayes", "ML"),
                org("yeelen", LOCAL, "Association Yeelen Mopti", "ML"),
                org("kati", LOCAL, "Union des femmes de Kati", "ML"),
                org("jekafo", COOPERATIVE, "Coopérative Jèkafo Ségou", "ML"),
            ],
            links: vec![
                Link("montreuil", "benkadi", "twinning", "active"),
                Link("madrid", "jekafo", "co_development_project", "active"),
                Link("montreuil", "yeelen", "financial_support", "active"),
                Link("madrid", "kati", "technical_support", "active"),
            ],
            session: Some(Session {
                title: "Montage et suivi de microprojets",
                city: "Bamako",
                country: "ML",
                days: &["2021-09-27", "2021-09-28"],
                groups: vec![
                    group(4, "female", "on_site", Some("benkadi")),
                    group(8, "male", "on_site", Some("jekafo")),
                    group(3, "male", "on_site", None),
                    Group { cancelled: true, ..group(1, "male", "on_site", None) },
                    group(2, "female", "online", Some("montreuil")),
                    group(3, "male", "online", Some("madrid")),
                ],
            }),
            call: Some(Call {
                envelope: 10_000_000,
                place: "Kayes",
                country: "ML",
                applications: vec![
                    Application {
                        applicant: "benkadi",
                        partner: "montreuil",
                        title: "Périmètre irrigué de Kayes",
                        requested: 3_500_000,
                        fate: Fate::Selected {
                            grant: 3_500_000,
                            // Tranche 1 (2 100 000) in two payments, in Q3 and Q4.
                            payments: &[(1, 1_300_000, "2021-08-30"), (1, 800_000, "2021-10-05")],
                        },
                    },
                    // Granted less than asked; nothing paid yet.
                    Application {
                        applicant: "jekafo",
                        partner: "madrid",
                        title: "Unité de transformation du karité",
                        requested: 2_750_000,
                        fate: Fate::Selected { grant: 2_500_000, payments: &[] },
                    },
                    Application {
                        applicant: "yeelen",
                        partner: "montreuil",
                        title: "Banque de céréales",
                        requested: 1_500_000,
                        fate: Fate::Rejected,
                    },
                    // Checks pass, but the screener finds it outside the call.
                    Application {
                        applicant: "kati",
                        partner: "madrid",
                        title: "Boutique communautaire",
                        requested: 1_200_000,
                        fate: Fate::Ineligible,
                    },
                    Application {
                        applicant: "kati",
                        partner: "madrid",
                        title: "Moulin de Kati",
                        requested: 1_100_000,
                        fate: Fate::Draft,
                    },
                ],
            }),
            outcomes: vec![
                outcome("network", "Réseau WhatsApp des formés de Bamako", On::Day("2021-09-30"), Some(17)),
                outcome(
                    "new_association",
                    "Association des jeunes ressortissants de Diéma",
                    On::Day("2021-11-03"),
                    None,
                ),
            ],
        },
        Tenant {
            id: "paips",
            orgs: vec![
                org("bordeaux", DIASPORA, "Ivoiriens de Bordeaux", "FR"),
                org("akwaba", LOCAL, "Association Akwaba Grand-Bassam", "CI"),
                org("bonoua", LOCAL, "Femmes de Bonoua", "CI"),
                org("assinie", COOPERATIVE, "Coopérative des pêcheurs d'Assinie", "CI"),
            ],
            links: vec![
                Link("bordeaux", "akwaba", "twinning", "active"),
                Link("bordeaux", "bonoua", "knowledge_exchange", "active"),
            ],
            session: Some(Session {
                title: "Entrepreneuriat social et diaspora",
                city: "Grand-Bassam",
                country: "CI",
                days: &["2021-11-15", "2021-11-16", "2021-11-17"],
                groups: vec![
                    group(6, "female", "on_site", Some("akwaba")),
                    group(4, "male", "on_site", Some("assinie")),
                    Group { absent: 3, ..group(9, "female", "online", Some("bonoua")) },
                    group(3, "female", "online", Some("bordeaux")),
                    group(4, "male", "online", None),
                    group(1, "other", "online", None),
                ],
            }),
            call: None,
            outcomes: vec![outcome("network", "Groupe WhatsApp Grand-Bassam", On::Day("2021-12-01"), Some(35))],
        },
        Tenant {
            id: "adept-morocco",
            orgs: vec![
                org("bruxelles", DIASPORA, "Association des Marocains de Bruxelles", "BE"),
                org("tiznit-paris", DIASPORA, "Tiznit Solidarité Paris", "FR"),
                org("tafraout", LOCAL, "Association Tafraout Avenir", "MA"),
                org("ait-baha", LOCAL, "Association des femmes d'Aït Baha", "MA"),
                org("tiznit", AUTHORITY, "Commune de Tiznit", "MA"),
                Org { removed: true, ..org("doublon", LOCAL, "Association Tafraout Avenir (doublon)", "MA") },
            ],
            links: vec![Link("bruxelles", "tafraout", "co_development_project", "active")],
            session: None,
            call: None,
            outcomes: vec![
                outcome("space_for_dialogue", "Forum diaspora–collectivités du Souss", On::Day("2021-05-12"), None),
                outcome("other", "Rencontre diaspora–commune de Tiznit", On::ThisQuarter, None),
            ],
        },
    ]
}

// ---------------------------------------------------------------------------
// Telling it, over HTTP.
// ---------------------------------------------------------------------------

async fn tell(apps: &[TestApp], t: &Tenant, today: NaiveDate) {
    let f = flow(apps, t.id);

    // Identification: organisations (verified) and partnerships.
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for o in &t.orgs {
        let id = f.organisation(o.kind, o.name, o.country, !o.removed).await;
        if o.removed {
            f.remove_organisation(&id).await;
        } else {
            ids.insert(o.key, id);
        }
    }
    for Link(diaspora, local, kind, status) in &t.links {
        f.link(&ids[diaspora], &ids[local], kind, status).await;
    }

    // The training: participants, attendance each day, certificates.
    let mut trainings = Vec::new();
    if let Some(s) = &t.session {
        let last = s.days[s.days.len() - 1];
        let training = f
            .training(json!({"title": s.title, "city": s.city, "country": s.country,
                "start_date": s.days[0], "end_date": last, "format": "hybrid"}))
            .await;
        let mut absentees = Vec::new();
        for (g_no, g) in s.groups.iter().enumerate() {
            for i in 0..g.n {
                let mut body =
                    json!({"full_name": format!("{} {}-{}", s.city, g_no + 1, i + 1), "sex": g.sex, "mode": g.mode});
                if let Some(o) = g.org {
                    body["organisation_id"] = json!(ids[o]);
                }
                if g.cancelled {
                    body["status"] = json!("cancelled");
                }
                let person = f.enrol(&training, body).await;
                if i < g.absent {
                    absentees.push(person);
                }
            }
        }
        for (n, d) in s.days.iter().enumerate() {
            f.attendance(&training, d, if n == 0 { &[] } else { &absentees }).await;
        }
        assert_eq!(f.certify(&training).await as i64, s.certified(), "{} certificates", s.city);
        trainings.push(training);
    }

    // The call: applications, screening, reviews, the committee, grants, payments.
    if let Some(c) = &t.call {
        let opens_at = (chrono::Utc::now() - chrono::Duration::seconds(5)).to_rfc3339();
        let title = format!("Appel à projets MODAL 2021 – {}", c.place);
        let call = f.open_call(c.envelope, json!({"title": title, "opens_at": opens_at})).await;
        let call = call["id"].as_str().unwrap().to_string();
        let mut submitted = Vec::new();
        for a in &c.applications {
            let mut content = f.content(&ids[a.applicant], &ids[a.partner], a.title, a.requested);
            content["country"] = json!(c.country);
            content["place"] = json!(c.place);
            let made = f.post(&f.coord, &format!("/calls/{call}/applications"), content).await;
            let app = made["id"].as_str().unwrap().to_string();
            if !matches!(a.fate, Fate::Draft) {
                f.post(&f.coord, &format!("/applications/{app}/submit"), json!({})).await;
                submitted.push((a, app));
            }
        }
        f.move_call(&call, "closed").await;
        let mut decisions = Vec::new();
        for (a, app) in &submitted {
            if a.found_eligible() {
                f.eligible(app).await;
                let (content, financial) = if a.selected() { (5, 4) } else { (3, 2) };
                f.reviewed(app, content, financial).await;
                let outcome = match a.fate {
                    Fate::Selected { .. } => "selected",
                    Fate::Reserve => "reserve",
                    _ => "rejected",
                };
                decisions.push(json!({"application_id": app, "outcome": outcome, "reason": "Avis du comité."}));
            } else {
                f.post(&f.coord, &format!("/applications/{app}/eligibility"), json!({})).await;
                let screening = json!({"decision": "ineligible", "reason": "Hors du champ de l'appel."});
                f.post(&f.coord, &format!("/applications/{app}/screening"), screening).await;
            }
        }
        f.post(&f.coord, &format!("/calls/{call}/decisions"), json!({"decisions": decisions})).await;
        for (a, app) in &submitted {
            let Fate::Selected { grant, payments } = &a.fate else { continue };
            let grant = f.grant_of(app, *grant).await;
            let mut requests: BTreeMap<i64, String> = BTreeMap::new();
            for (tranche, amount, paid_on) in payments.iter() {
                if !requests.contains_key(tranche) {
                    if *tranche > 1 {
                        f.reported(&grant, tranche - 1).await;
                    }
                    requests.insert(*tranche, f.approved_request(&grant, *tranche, None).await);
                }
                f.paid(&requests[tranche], *amount, paid_on).await;
            }
        }
        for (a, app) in &submitted {
            let now = f.get(&f.coord, &format!("/applications/{app}")).await;
            assert_eq!(now["status"], a.status(), "{}", a.title);
        }
    }

    // The outcome log.
    let reporting = Reporting { app: &apps[3], token: f.coord.clone() };
    let first_org = &ids[t.orgs[0].key];
    for o in &t.outcomes {
        let mut body = json!({"kind": o.kind, "title": o.title, "occurred_on": o.on.day(today),
            "organisation_ids": [first_org], "training_ids": trainings,
            "evidence_url": "https://example.org/modal/preuve"});
        if let Some(m) = o.members {
            body["members"] = json!(m);
        }
        reporting.outcome(t.id, body).await;
    }
}

// ---------------------------------------------------------------------------
// What each period should count: the model.
// ---------------------------------------------------------------------------

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Period {
    label: String,
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The year and its four quarters, as one gathering takes them.
    fn year_and_quarters(year: i32) -> Vec<Period> {
        let first = |m: u32| NaiveDate::from_ymd_opt(year, m, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let mut all = vec![Period { label: year.to_string(), from: first(1), to: end }];
        for q in 1..=4 {
            let to = if q == 4 { end } else { first(3 * q + 1).pred_opt().unwrap() };
            all.push(Period { label: format!("{year}-Q{q}"), from: first(3 * q - 2), to });
        }
        all
    }

    fn holds(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

fn quarter_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

/// What tenant `t`'s report for `p` should say, `today` being the tenant's day on
/// which the test entered what counts on its entry.
fn expected(t: &Tenant, today: NaiveDate, p: &Period) -> Figures {
    let entered = p.holds(today);
    let org = |key: &str| t.orgs.iter().find(|o| o.key == key).expect("a known organisation");

    // Registry: what was entered today, removals left out.
    let orgs: Vec<&Org> = t.orgs.iter().filter(|o| entered && !o.removed).collect();
    let links: Vec<&Link> = t.links.iter().filter(|_| entered).collect();
    let diaspora = orgs.iter().filter(|o| o.kind == DIASPORA).count() as i64;
    let organisations = Expected::count(orgs.len() as i64)
        .by("kind", orgs.iter().map(|o| (o.kind, 1)))
        .by("country", orgs.iter().map(|o| (o.country, 1)))
        .by("origin", [("diaspora", diaspora), ("local", orgs.len() as i64 - diaspora)]);

    // Training: the session by its last day; certificates on the day they were issued.
    let held: Vec<&Session> = t.session.iter().filter(|s| p.holds(s.last_day())).collect();
    let trained: Vec<&Group> = held.iter().flat_map(|s| &s.groups).filter(|g| !g.cancelled).collect();
    let persons = |keep: &dyn Fn(&Group) -> bool| trained.iter().filter(|g| keep(g)).map(|g| g.n as i64).sum::<i64>();
    let everyone = persons(&|_| true);
    let of_org = |g: &Group, pick: fn(&Org) -> &'static str| g.org.map_or("none", |k| pick(org(k)));
    let certified = if entered { t.session.iter().map(Session::certified).sum() } else { 0 };

    // Funding: the call and the applications today, each payment on its day.
    let all_apps: Vec<&Application> = t.call.iter().flat_map(|c| &c.applications).collect();
    let country = t.call.as_ref().map_or("", |c| c.country);
    let received: Vec<&Application> =
        all_apps.iter().copied().filter(|a| entered && !matches!(a.fate, Fate::Draft)).collect();
    let applications = |keep: fn(&Application) -> bool| {
        let kept: Vec<&&Application> = received.iter().filter(|a| keep(a)).collect();
        Expected::count(kept.len() as i64)
            .by("status", kept.iter().map(|a| (a.status(), 1)))
            .by("country", kept.iter().map(|_| (country, 1)))
            .by("applicant_kind", kept.iter().map(|a| (org(a.applicant).kind, 1)))
    };
    let selected = received.iter().filter(|a| a.selected()).count() as i64;
    let grants: Vec<i64> = received
        .iter()
        .filter_map(|a| match a.fate {
            Fate::Selected { grant, .. } => Some(grant),
            _ => None,
        })
        .collect();
    let payments: Vec<i64> = all_apps
        .iter()
        .flat_map(|a| match a.fate {
            Fate::Selected { payments, .. } => payments,
            _ => &[],
        })
        .filter(|(_, _, on)| p.holds(day(on)))
        .map(|(_, amount, _)| *amount)
        .collect();
    let requested_eur: i64 = received.iter().map(|a| xof_in_eur_cents(a.requested)).sum();
    let committed_eur: i64 = grants.iter().map(|g| xof_in_eur_cents(*g)).sum();
    let disbursed_eur: i64 = payments.iter().map(|a| xof_in_eur_cents(*a)).sum();
    let in_xof = |amounts: Vec<i64>| [("XOF", amounts.iter().sum::<i64>())];

    // The outcome log, by the day each occurred.
    let outcomes: Vec<&Outcome> = t.outcomes.iter().filter(|o| p.holds(o.on.day(today))).collect();
    let members = outcomes.iter().filter(|o| o.kind == "network").filter_map(|o| o.members).sum();

    Figures::from([
        ("organisations_identified", organisations),
        ("partnerships", Expected::count(links.len() as i64).by("kind", links.iter().map(|l| (l.2, 1)))),
        ("trainings_held", Expected::count(held.len() as i64)),
        (
            "persons_trained",
            Expected::count(everyone)
                .by("sex", trained.iter().map(|g| (g.sex, g.n as i64)))
                .by("mode", trained.iter().map(|g| (g.mode, g.n as i64)))
                .by("organisation_kind", trained.iter().map(|g| (of_org(g, |o| o.kind), g.n as i64)))
                .by("country", trained.iter().map(|g| (of_org(g, |o| o.country), g.n as i64))),
        ),
        ("women_trained_share", Expected::share(persons(&|g| g.sex == "female"), everyone)),
        ("online_participation_share", Expected::share(persons(&|g| g.mode == "online"), everyone)),
        ("certificates_issued", Expected::count(certified)),
        ("calls_opened", Expected::count(if entered { t.call.iter().count() as i64 } else { 0 })),
        ("applications_received", applications(|_| true)),
        ("applications_eligible", applications(Application::found_eligible)),
        ("applications_selected", applications(Application::selected)),
        ("selection_rate", Expected::share(selected, received.len() as i64)),
        (
            "amount_requested_eur",
            Expected::cents(requested_eur).by("currency", in_xof(received.iter().map(|a| a.requested).collect())),
        ),
        ("amount_committed_eur", Expected::cents(committed_eur).by("currency", in_xof(grants.clone()))),
        ("amount_disbursed_eur", Expected::cents(disbursed_eur).by("currency", in_xof(payments.clone()))),
        ("disbursement_rate", Expected::share(disbursed_eur, committed_eur)),
        ("outcomes_recorded", Expected::count(outcomes.len() as i64).by("kind", outcomes.iter().map(|o| (o.kind, 1)))),
        ("network_members", Expected::count(members)),
    ])
}

// ---------------------------------------------------------------------------
// Reading reports.
// ---------------------------------------------------------------------------

fn indicator<'v>(report: &'v Value, code: &str) -> &'v Value {
    report["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).expect(code)
}

fn value(indicators: &Value, code: &str) -> Option<i64> {
    indicators.as_array().unwrap().iter().find(|i| i["code"] == code).expect(code)["value"].as_i64()
}

fn source<'v>(report: &'v Value, service: &str) -> &'v Value {
    report["sources"].as_array().unwrap().iter().find(|s| s["service"] == service).expect(service)
}

fn instant(v: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

/// A tenant's report for `p`: the period, three sources gathered by `triggers`,
/// and every figure of the model.
fn check_report(report: &Value, tenant: &str, p: &Period, want: &Figures, triggers: &[&str]) {
    let context = format!("{tenant} {}", p.label);
    assert_eq!(report["tenant"], tenant, "{context}");
    assert_eq!(report["period"], json!({"label": p.label, "from": p.from, "to": p.to}), "{context}");
    assert_eq!(report["never_read"], json!([]), "{context}");
    let sources = report["sources"].as_array().unwrap();
    let services: Vec<&str> = sources.iter().map(|s| s["service"].as_str().unwrap()).collect();
    assert_eq!(services, ["registry", "training", "funding"], "{context}");
    for s in sources {
        assert_eq!(s["period"], p.label.as_str(), "{context}: {s}");
        assert!(s["age_seconds"].as_i64().is_some_and(|a| a >= 0), "{context}: {s}");
        assert!(triggers.contains(&s["trigger"].as_str().unwrap()), "{context}: {s}");
    }
    assert_figures(&report["indicators"], want, &context);
}

// ---------------------------------------------------------------------------
// The test.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_2021_story_is_counted_right_per_tenant_per_quarter_and_for_the_programme() {
    let apps = spawn_system(modal::services()).await;
    let story = story();
    let programme = Reporting { app: &apps[3], token: token(&[], &["programme_admin"]) };
    let reader = |tenant: &str| Reporting { app: &apps[3], token: token(&[tenant], &["coordinator"]) };

    // Each tenant's today, in its time zone, as its services count days. Casablanca
    // runs an hour ahead of the others: a run in the last hour of a quarter would
    // put Morocco in the next one, and the model keeps one current quarter.
    let mut today = BTreeMap::new();
    for t in &story {
        today.insert(t.id, flow(&apps, t.id).today().await);
    }
    let this_year = today["diadem"].year();
    assert!(
        today.values().all(|d| quarter_of(*d) == quarter_of(today["diadem"])),
        "the tenants' days straddle a quarter's end ({today:?}): run the test again"
    );
    assert_eq!(xof_in_eur_cents(5_000_000), 762_245, "5 000 000 XOF at 655.957 is 7 622.45 EUR");

    for t in &story {
        tell(&apps, t, today[t.id]).await;
    }
    let figures = |p: &Period| -> Vec<Figures> { story.iter().map(|t| expected(t, today[t.id], p)).collect() };

    // Every indicator of the catalogue is in the model, and no other.
    let catalogue = expect(apps[3].get("/v1/indicators", &programme.token), 200, "catalogue").await;
    let codes: Vec<&str> = catalogue.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    let modelled: Vec<&str> = figures(&Period::year_and_quarters(2021).remove(0))[0].keys().copied().collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(sorted, modelled, "the catalogue and the model");

    // Before any gathering, 2021 knows only reporting's own outcome log.
    let unread = reader("diadem").tenant("diadem", "2021").await;
    assert_eq!(unread["never_read"], json!(["registry", "training", "funding"]));
    assert_eq!(unread["sources"], json!([]));
    for i in unread["indicators"].as_array().unwrap() {
        if i["source"] == "reporting" {
            assert_eq!(i["complete"], true, "{i}");
        } else {
            assert_eq!((&i["value"], &i["complete"]), (&Value::Null, &json!(false)), "{i}");
        }
    }
    assert_eq!(indicator(&unread, "outcomes_recorded")["value"], 2);
    assert_eq!(indicator(&unread, "network_members")["value"], 42);

    // The programme team gathers 2021 and this year: every tenant, every service.
    for year in [2021, this_year] {
        let gathered = programme.gather(None, year).await;
        assert_eq!(gathered["failed"], json!([]), "{year}");
        // 3 services' stats for 5 periods, and funding's projects (for IATI) once, per tenant.
        assert_eq!(gathered["taken"].as_array().unwrap().len(), 4 * (3 * 5 + 1), "{year}: 4 tenants");
    }

    // Each tenant, each year and quarter: 2021's (trainings, payments and outcomes,
    // by their own dates) and this year's (what was entered today).
    let mut periods = Period::year_and_quarters(2021);
    periods.extend(Period::year_and_quarters(this_year));
    for t in &story {
        let reader = reader(t.id);
        for (p, want) in periods.iter().map(|p| (p, expected(t, today[t.id], p))) {
            // Only the programme team gathered 2021; the schedule may refresh this year.
            let triggers: &[&str] =
                if p.label.starts_with("2021") { &["test-user"] } else { &["test-user", "schedule"] };
            check_report(&reader.tenant(t.id, &p.label).await, t.id, p, &want, triggers);
        }
    }

    // The story's headline figures, as the model has them (so it says what it should).
    let year_2021 = &Period::year_and_quarters(2021)[0];
    let total_2021 = sum(&figures(year_2021));
    assert_eq!(total_2021["persons_trained"].numerator, 75);
    assert_eq!(
        total_2021["persons_trained"].by["mode"],
        BTreeMap::from([("on_site".to_string(), 45), ("online".to_string(), 30)])
    );
    assert_eq!(total_2021["women_trained_share"].value(), Some(533), "40 women of 75");

    // The programme: each tenant side by side, and the total summed — ratios from
    // the summed counts, not the average of the tenants' ratios.
    let this_quarter = format!("{this_year}-Q{}", quarter_of(today["diadem"]).1);
    let programme_periods =
        ["2021".to_string(), "2021-Q3".into(), "2021-Q4".into(), this_year.to_string(), this_quarter];
    for p in periods.iter().filter(|p| programme_periods.contains(&p.label)) {
        let report = programme.programme(&p.label).await;
        assert_eq!(report["period"]["label"], p.label.as_str());
        let wants = figures(p);
        let tenants = report["tenants"].as_array().unwrap();
        assert_eq!(tenants.len(), story.len(), "{}", p.label);
        for (t, want) in story.iter().zip(&wants) {
            let theirs = tenants.iter().find(|r| r["tenant"] == t.id).expect(t.id);
            let triggers: &[&str] = &["test-user", "schedule"];
            check_report(theirs, t.id, p, want, triggers);
        }
        assert_figures(&report["total"], &sum(&wants), &format!("programme {}", p.label));
    }
    let report = programme.programme("2021").await;
    let women: Vec<i64> = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| value(&t["indicators"], "women_trained_share"))
        .collect();
    assert_eq!(women.len(), 3, "three tenants trained people: {women:?}");
    let average = women.iter().sum::<i64>() as f64 / 3.0;
    assert_eq!(value(&report["total"], "women_trained_share"), Some(533));
    assert!((average - 533.0).abs() > 10.0, "the average of the tenants' shares ({average}) would be another figure");
    assert_eq!(value(&report["total"], "online_participation_share"), Some(400), "30 online of 75");
    // Paid in 2021, committed today: 2021 has no commitment to divide by, and this
    // year nothing paid yet.
    assert_eq!(value(&report["total"], "amount_disbursed_eur"), Some(762_245 + 320_143));
    assert_eq!(value(&report["total"], "disbursement_rate"), None);
    let report = programme.programme(&this_year.to_string()).await;
    assert_eq!(value(&report["total"], "disbursement_rate"), Some(0));
    assert_eq!(value(&report["total"], "organisations_identified"), Some(22));
    // 3 selected of 7 received: 42.9 %, where the tenants' 33.3 % and 50 % average 41.7 %.
    assert_eq!(value(&report["total"], "selection_rate"), Some(429));
    let rates: Vec<i64> = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| value(&t["indicators"], "selection_rate"))
        .collect();
    assert_eq!(rates, [333, 500], "DIADEM and FECONG, in the programme's order of tenants");

    // Isolation: DIADEM's coordinator reads DIADEM only, and sees only its numbers.
    let diadem = reader("diadem");
    let fecong_path = "/v1/tenants/fecong/indicators?period=2021";
    assert_problem(apps[3].get(fecong_path, &diadem.token).send().await.unwrap(), 403, "forbidden").await;
    let res = apps[3].post("/v1/tenants/fecong/snapshots", &diadem.token, &json!({"year": 2021})).send().await;
    assert_problem(res.unwrap(), 403, "forbidden").await;
    let res = apps[3].get("/v1/programme/indicators?period=2021", &diadem.token).send().await;
    assert_problem(res.unwrap(), 403, "forbidden").await;
    let own = diadem.tenant("diadem", "2021").await;
    assert_eq!(indicator(&own, "persons_trained")["value"], 28, "Thiès only, not the 75 of the programme");

    // The export says the same: DIADEM's share of women in 2021 is 16 of 28, 57.1 %.
    let csv = apps[3].get("/v1/tenants/diadem/exports/indicators.csv?period=2021", &diadem.token).send().await;
    let csv = csv.unwrap().text().await.unwrap();
    let line = csv.lines().find(|l| l.contains(";women_trained_share;")).expect("a line for the share of women");
    assert!(line.starts_with("DIADEM;2021;") && line.contains(";57,1;16;28;"), "{line}");

    // Funding goes down. Reports still answer, from the last snapshots, and say how old.
    let labels = ["2021".to_string(), this_year.to_string()];
    let mut before = Vec::new();
    for label in &labels {
        before.push(diadem.tenant("diadem", label).await);
    }
    apps[2].stop().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for (label, before) in labels.iter().zip(&before) {
        let after = diadem.tenant("diadem", label).await;
        assert_eq!(after["indicators"], before["indicators"], "{label}");
        let (then, now) = (source(before, "funding"), source(&after, "funding"));
        assert_eq!(now["taken_at"], then["taken_at"], "{label}");
        assert!(now["age_seconds"].as_i64().unwrap() >= 1, "{label}: {now}");
    }

    // A new gathering answers, naming funding as failed; the others are taken.
    let coordinator = Reporting { app: &apps[3], token: flow(&apps, "diadem").coord }; // subject `coordinator`
    let gathered = coordinator.gather(Some("diadem"), this_year).await;
    let failed = gathered["failed"].as_array().unwrap();
    // Funding's stats, and its projects (read for IATI).
    assert_eq!(failed.len(), 2, "{gathered}");
    assert_eq!((&failed[0]["tenant"], &failed[0]["service"]), (&json!("diadem"), &json!("funding")));
    assert_eq!((&failed[1]["tenant"], &failed[1]["service"]), (&json!("diadem"), &json!("funding-projects")));
    assert!(!failed[0]["problem"].as_str().unwrap().is_empty());
    let taken = gathered["taken"].as_array().unwrap();
    assert_eq!(taken.len(), 2 * 5, "registry and training, 5 periods: {gathered}");
    assert!(taken.iter().all(|s| s["service"] != "funding" && s["trigger"] == "coordinator"), "{gathered}");

    // The report after it: funding's figures are the previous snapshot's, still the latest.
    let this_year_p = &Period::year_and_quarters(this_year)[0];
    let after = reader("diadem").tenant("diadem", &this_year_p.label).await;
    assert_eq!(after["indicators"], before[1]["indicators"]);
    assert_eq!(source(&after, "funding")["taken_at"], source(&before[1], "funding")["taken_at"]);
    assert!(instant(&source(&after, "registry")["taken_at"]) > instant(&source(&before[1], "registry")["taken_at"]));
    let diadem_story = &story[0];
    let triggers: &[&str] = &["coordinator", "test-user", "schedule"];
    check_report(&after, "diadem", this_year_p, &expected(diadem_story, today["diadem"], this_year_p), triggers);

    // The programme's gathering too: funding failed for every tenant, figures kept.
    let gathered = programme.gather(None, 2021).await;
    let failed: Vec<(&str, &str)> = gathered["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["tenant"].as_str().unwrap(), f["service"].as_str().unwrap()))
        .collect();
    assert_eq!(failed.len(), 4 * 2, "{gathered}");
    assert!(failed.iter().all(|(_, service)| service.starts_with("funding")), "{failed:?}");
    assert_eq!(gathered["taken"].as_array().unwrap().len(), 4 * 2 * 5);
    let report = programme.programme("2021").await;
    assert_figures(&report["total"], &total_2021, "programme 2021 with funding down");
}
