//! Helpers for telling a programme story over HTTP and checking reporting's
//! answers against it: registry links, trainings (participants, attendance,
//! certificates), grants of a given amount, outcomes, gatherings and reports; and
//! the expected figures of an indicator, compared with what reporting answers.

use crate::common::funding::Flow;
use modal_testkit::{json, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Sends `req` and returns its JSON body, failing with the body unless `status`.
pub async fn expect(req: reqwest::RequestBuilder, status: u16, what: &str) -> Value {
    let res = req.send().await.unwrap_or_else(|e| panic!("{what}: {e}"));
    let got = res.status().as_u16();
    let body = if got == 204 { Value::Null } else { json(res).await };
    assert_eq!(got, status, "{what}: {body}");
    body
}

/// Registry, training and funding steps of one tenant, beside `Flow`'s.
impl Flow<'_> {
    /// A partnership of `kind` in `status`: its id.
    pub async fn link(&self, diaspora: &str, local: &str, kind: &str, status: &str) -> String {
        let body = json!({"diaspora_organisation_id": diaspora, "local_organisation_id": local, "kind": kind, "status": status});
        let made =
            expect(self.registry.post(&self.path("/partnerships"), &self.coord, &body), 201, "partnership").await;
        made["id"].as_str().unwrap().to_string()
    }

    /// Removes an organisation entered by mistake (nothing refers to it: deleted).
    pub async fn remove_organisation(&self, id: &str) {
        let path = self.path(&format!("/organisations/{id}"));
        expect(self.registry.delete(&path, &self.admin), 204, "remove organisation").await;
    }

    /// A training: its id.
    pub async fn training(&self, body: Value) -> String {
        let made = expect(self.training.post(&self.path("/trainings"), &self.coord, &body), 201, "training").await;
        made["id"].as_str().unwrap().to_string()
    }

    /// A participant enrolled in `training`: its id.
    pub async fn enrol(&self, training: &str, body: Value) -> String {
        let path = self.path(&format!("/trainings/{training}/participants"));
        let made = expect(self.training.post(&path, &self.coord, &body), 201, "participant").await;
        made["id"].as_str().unwrap().to_string()
    }

    /// A day's attendance: everyone present but `absent`.
    pub async fn attendance(&self, training: &str, day: &str, absent: &[String]) {
        let marks: Vec<Value> = absent.iter().map(|p| json!({"participant_id": p, "status": "absent"})).collect();
        let path = self.path(&format!("/trainings/{training}/days/{day}/attendance"));
        let body = json!({"default": "present", "marks": marks});
        expect(self.training.put(&path, &self.coord, &body), 200, "attendance").await;
    }

    /// Certificates issued to whoever earned one: how many.
    pub async fn certify(&self, training: &str) -> usize {
        let path = self.path(&format!("/trainings/{training}/certificates"));
        let report = expect(self.training.post(&path, &self.coord, &json!({})), 200, "certificates").await;
        report["issued"].as_array().unwrap().len()
    }

    /// As `signed_grant`, for a grant of `amount` (at most what was asked), in two
    /// tranches (60 % / 40 %), signed by both parties: its id.
    pub async fn grant_of(&self, app: &str, amount: i64) -> String {
        let first = amount * 6 / 10;
        let body = json!({
            "amount": amount, "starts_on": "2021-09-01", "ends_on": "2022-08-31",
            "tranches": [
                {"amount": first, "condition": "Signature de la convention", "due_on": "2021-09-15"},
                {"amount": amount - first, "condition": "Rapport à mi-parcours accepté", "due_on": "2022-03-01"}
            ]
        });
        let grant = self.post(&self.coord, &format!("/applications/{app}/grant"), body).await;
        let id = grant["id"].as_str().unwrap().to_string();
        for party in ["applicant", "programme"] {
            let url = self.funding.url(&self.path(&format!("/grants/{id}/signatures/{party}?filename=convention.pdf")));
            let req = self.funding.http.put(url).bearer_auth(&self.coord).header("Content-Type", "application/pdf");
            expect(req.body(format!("%PDF-1.4 signed by {party}")), 200, "signature").await;
        }
        id
    }

    /// A payment of `amount` on the approved request `request`, paid on `paid_on`.
    pub async fn paid(&self, request: &str, amount: i64, paid_on: &str) {
        let body = json!({"amount": amount, "paid_on": paid_on, "reference": format!("VIR-{paid_on}-{amount}")});
        let path = self.path(&format!("/disbursements/{request}/payments"));
        let req =
            self.funding.post(&path, &self.admin, &body).header("Idempotency-Key", format!("{request}-{paid_on}"));
        expect(req, 201, "payment").await;
    }

    /// The tranche's report, accepted (what releases the next tranche).
    pub async fn reported(&self, grant: &str, tranche: i64) {
        let body = json!({"narrative": "Activités de la tranche réalisées.", "expenses": []});
        let report = self.post(&self.coord, &format!("/grants/{grant}/tranches/{tranche}/reports"), body).await;
        let id = report["id"].as_str().unwrap();
        self.post(&self.coord, &format!("/reports/{id}/review"), json!({"outcome": "accepted"})).await;
    }

    /// The tenant's today, in its time zone, as funding counts days (the end of
    /// an open period of its stats).
    pub async fn today(&self) -> chrono::NaiveDate {
        let stats = self.get(&self.coord, "/stats").await;
        stats["to"].as_str().unwrap().parse().unwrap()
    }
}

/// Reporting, as one caller.
pub struct Reporting<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl Reporting<'_> {
    /// An outcome recorded in the tenant's log.
    pub async fn outcome(&self, tenant: &str, body: Value) {
        let req = self.app.post(&format!("/v1/tenants/{tenant}/outcomes"), &self.token, &body);
        expect(req, 201, "outcome").await;
    }

    /// Gathers `year` now, for a tenant or (`None`) the programme: `{taken, failed}`.
    pub async fn gather(&self, tenant: Option<&str>, year: i32) -> Value {
        let path = match tenant {
            Some(t) => format!("/v1/tenants/{t}/snapshots"),
            None => "/v1/programme/snapshots".to_string(),
        };
        expect(self.app.post(&path, &self.token, &json!({"year": year})), 200, &format!("gather {year}")).await
    }

    /// A tenant's report for `period`.
    pub async fn tenant(&self, tenant: &str, period: &str) -> Value {
        let req = self.app.get(&format!("/v1/tenants/{tenant}/indicators?period={period}"), &self.token);
        expect(req, 200, &format!("{tenant} {period}")).await
    }

    /// The programme's report for `period`.
    pub async fn programme(&self, period: &str) -> Value {
        let req = self.app.get(&format!("/v1/programme/indicators?period={period}"), &self.token);
        expect(req, 200, &format!("programme {period}")).await
    }
}

/// XOF in euro cents at the peg (655.957 XOF per euro), as funding converts each
/// amount on its own: rounded to the nearest cent, halves away from zero.
pub fn xof_in_eur_cents(xof: i64) -> i64 {
    let (numerator, denominator) = (i128::from(xof) * 100 * 1_000_000, 655_957_000_i128);
    let (quotient, remainder) = (numerator / denominator, numerator % denominator);
    let rounded = if 2 * remainder.abs() >= denominator { quotient + numerator.signum() } else { quotient };
    rounded as i64
}

/// `n / d` in tenths of a percent, rounded half up; `None` when `d` is 0.
pub fn tenths(n: i64, d: i64) -> Option<i64> {
    (d > 0).then(|| (n * 1000 * 2 + d) / (2 * d))
}

/// Category → count, per dimension.
pub type Disaggregations = BTreeMap<String, BTreeMap<String, i64>>;

/// What an indicator should say.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    pub unit: &'static str,
    pub numerator: i64,
    pub denominator: Option<i64>,
    pub by: Disaggregations,
}

impl Expected {
    pub fn count(n: i64) -> Expected {
        Expected { unit: "count", numerator: n, denominator: None, by: Disaggregations::new() }
    }

    pub fn cents(n: i64) -> Expected {
        Expected { unit: "eur_cents", ..Expected::count(n) }
    }

    pub fn share(n: i64, d: i64) -> Expected {
        Expected { unit: "percent_tenths", numerator: n, denominator: Some(d), by: Disaggregations::new() }
    }

    /// Adds `categories` (each with its count) to `dimension`.
    pub fn by<'k>(mut self, dimension: &str, categories: impl IntoIterator<Item = (&'k str, i64)>) -> Expected {
        let into = self.by.entry(dimension.to_string()).or_default();
        for (category, n) in categories {
            *into.entry(category.to_string()).or_insert(0) += n;
        }
        self
    }

    /// The figure: the numerator, or a ratio in tenths of a percent.
    pub fn value(&self) -> Option<i64> {
        match self.denominator {
            Some(d) => tenths(self.numerator, d),
            None => Some(self.numerator),
        }
    }
}

/// Code → what it should say.
pub type Figures = BTreeMap<&'static str, Expected>;

/// The programme's figures: numerators, denominators and categories summed.
pub fn sum(tenants: &[Figures]) -> Figures {
    let mut total = Figures::new();
    for figures in tenants {
        for (code, e) in figures {
            let t = total.entry(*code).or_insert_with(|| Expected {
                numerator: 0,
                denominator: e.denominator.map(|_| 0),
                by: Disaggregations::new(),
                ..e.clone()
            });
            t.numerator += e.numerator;
            t.denominator = t.denominator.zip(e.denominator).map(|(a, b)| a + b);
            for (dimension, categories) in &e.by {
                let into = t.by.entry(dimension.clone()).or_default();
                for (category, n) in categories {
                    *into.entry(category.clone()).or_insert(0) += n;
                }
            }
        }
    }
    total
}

/// Categories counted 0 say nothing: left out on both sides, and so are empty dimensions.
fn nonzero(by: &Disaggregations) -> Disaggregations {
    by.iter()
        .map(|(d, c)| (d.clone(), c.iter().filter(|(_, n)| **n != 0).map(|(k, n)| (k.clone(), *n)).collect()))
        .filter(|(_, c): &(String, BTreeMap<String, i64>)| !c.is_empty())
        .collect()
}

/// Asserts that `indicators` (a report's list) says exactly `want`, code by code,
/// every figure complete.
pub fn assert_figures(indicators: &Value, want: &Figures, context: &str) {
    let list = indicators.as_array().unwrap_or_else(|| panic!("{context}: no indicators"));
    let codes: Vec<&str> = list.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), want.len(), "{context}: codes {codes:?}");
    for got in list {
        let code = got["code"].as_str().unwrap();
        let e = want.get(code).unwrap_or_else(|| panic!("{context}: unexpected indicator {code}"));
        let at = format!("{context} {code}: {got}");
        assert_eq!(got["unit"], e.unit, "{at}");
        assert_eq!(got["complete"], true, "{at}");
        assert_eq!(got["numerator"].as_i64(), Some(e.numerator), "{at}");
        assert_eq!(got["denominator"].as_i64(), e.denominator, "{at}");
        assert_eq!(got["value"].as_i64(), e.value(), "{at}");
        let by: Disaggregations = serde_json::from_value(got["disaggregations"].clone()).expect("disaggregations");
        assert_eq!(nonzero(&by), nonzero(&e.by), "{at}");
    }
}
