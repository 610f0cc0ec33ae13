//! The funding flow, step by step, over real HTTP with the real registry and
//! training: organisations and partnerships in the registry, a call, applications,
//! eligibility, reviews, the committee, a grant, payments and reports.

use modal_testkit::{json, token, token_for, TestApp};
use serde_json::{json, Value};

pub struct Flow<'a> {
    pub registry: &'a TestApp,
    pub training: &'a TestApp,
    pub funding: &'a TestApp,
    pub tenant: &'static str,
    /// A coordinator (subject `coordinator`).
    pub coord: String,
    /// A tenant administrator (subject `admin`): approves and pays.
    pub admin: String,
}

/// The flow on the system `spawn_system(modal::services())` started.
pub fn flow<'a>(apps: &'a [TestApp], tenant: &'static str) -> Flow<'a> {
    Flow::new(&apps[0], &apps[1], &apps[2], tenant)
}

impl<'a> Flow<'a> {
    pub fn new(registry: &'a TestApp, training: &'a TestApp, funding: &'a TestApp, tenant: &'static str) -> Flow<'a> {
        Flow {
            registry,
            training,
            funding,
            tenant,
            coord: token_for("coordinator", &[tenant], &["coordinator"]),
            admin: token_for("admin", &[tenant], &["tenant_admin"]),
        }
    }
}

/// An instant `days` from now, as RFC 3339.
pub fn days_from_now(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

impl Flow<'_> {
    pub fn path(&self, rest: &str) -> String {
        format!("/v1/tenants/{}{rest}", self.tenant)
    }

    pub async fn ok(&self, res: reqwest::Response, what: &str) -> Value {
        let status = res.status();
        let body = json(res).await;
        assert!(status.is_success(), "{what}: {status} {body}");
        body
    }

    pub async fn post(&self, token: &str, rest: &str, body: Value) -> Value {
        self.ok(self.funding.post(&self.path(rest), token, &body).send().await.unwrap(), rest).await
    }

    pub async fn get(&self, token: &str, rest: &str) -> Value {
        self.ok(self.funding.get(&self.path(rest), token).send().await.unwrap(), rest).await
    }

    /// A registry organisation of `kind`, `verified` unless `verified` is false.
    pub async fn organisation(&self, kind: &str, name: &str, country: &str, verified: bool) -> String {
        let mut body = json!({"kind": kind, "name": name, "country": country});
        if kind == "diaspora_organisation" {
            body["residence_country"] = json!(country);
        }
        let path = self.path("/organisations");
        let org = self.ok(self.registry.post(&path, &self.coord, &body).send().await.unwrap(), "organisation").await;
        let id = org["id"].as_str().unwrap().to_string();
        if verified {
            let res = self
                .registry
                .post(&self.path(&format!("/organisations/{id}/status")), &self.coord, &json!({"status": "verified"}))
                .header("If-Match", "*")
                .send()
                .await
                .unwrap();
            self.ok(res, "verify").await;
        }
        id
    }

    pub async fn partnership(&self, diaspora: &str, local: &str, status: &str) -> String {
        let body = json!({"diaspora_organisation_id": diaspora, "local_organisation_id": local, "kind": "twinning", "status": status});
        let res = self.registry.post(&self.path("/partnerships"), &self.coord, &body).send().await.unwrap();
        self.ok(res, "partnership").await["id"].as_str().unwrap().to_string()
    }

    /// A local association, verified, in an active partnership with a diaspora
    /// organisation: (local, diaspora).
    pub async fn pair(&self, name: &str) -> (String, String) {
        let dia = self.organisation("diaspora_organisation", &format!("{name} France"), "FR", true).await;
        let loc = self.organisation("local_association", name, "SN", true).await;
        self.partnership(&dia, &loc, "active").await;
        (loc, dia)
    }

    /// An open call in XOF: its window around now, an envelope, two lenses.
    pub async fn open_call(&self, envelope: i64, extra: Value) -> Value {
        let mut body = json!({
            "title": "Appel à projets restreint MODAL 2021",
            "title_en": "MODAL restricted call for projects 2021",
            "description": "Microprojets de développement local portés avec la diaspora.",
            "opens_at": days_from_now(-1), "closes_at": days_from_now(30),
            "currency": "XOF", "envelope": envelope, "min_grant": 1_000_000, "max_grant": envelope.min(10_000_000),
            "criteria": [
                {"key": "relevance", "name": "Pertinence", "weight": 60, "lens": "content"},
                {"key": "budget", "name": "Budget réaliste", "weight": 40, "lens": "financial"}
            ]
        });
        for (k, v) in extra.as_object().into_iter().flatten() {
            body[k] = v.clone();
        }
        let call = self.post(&self.coord, "/calls", body).await;
        let id = call["id"].as_str().unwrap();
        let res = self
            .funding
            .post(&self.path(&format!("/calls/{id}/status")), &self.coord, &json!({"status": "open"}))
            .header("If-Match", "*")
            .send()
            .await
            .unwrap();
        self.ok(res, "open call").await
    }

    pub async fn move_call(&self, call: &str, status: &str) -> Value {
        let res = self
            .funding
            .post(&self.path(&format!("/calls/{call}/status")), &self.coord, &json!({"status": status}))
            .header("If-Match", "*")
            .send()
            .await
            .unwrap();
        self.ok(res, status).await
    }

    /// An application's content asking `requested` XOF, with a balanced budget.
    pub fn content(&self, applicant: &str, partner: &str, title: &str, requested: i64) -> Value {
        json!({
            "applicant_id": applicant, "partner_id": partner, "title": title,
            "summary": "Un périmètre maraîcher pour 40 femmes.", "place": "Thiès", "country": "SN",
            "duration_months": 12, "requested": requested,
            "budget": [
                {"key": "l1", "category": "equipment", "description": "Motopompe", "quantity": 1, "unit_cost": requested},
                {"key": "l2", "category": "training", "description": "Formation", "quantity": 2, "unit_cost": 250_000}
            ],
            "cofinancing": [{"source": "Commune de Thiès", "amount": 500_000, "secured": true}]
        })
    }

    /// A submitted application.
    pub async fn submitted(&self, call: &str, applicant: &str, partner: &str, title: &str, requested: i64) -> String {
        let app = self
            .post(
                &self.coord,
                &format!("/calls/{call}/applications"),
                self.content(applicant, partner, title, requested),
            )
            .await;
        let id = app["id"].as_str().unwrap().to_string();
        self.post(&self.coord, &format!("/applications/{id}/submit"), json!({})).await;
        id
    }

    /// Checks run, then screened eligible.
    pub async fn eligible(&self, app: &str) -> Value {
        let checks = self.post(&self.coord, &format!("/applications/{app}/eligibility"), json!({})).await;
        assert!(checks.as_array().unwrap().iter().all(|c| c["passed"] == true), "{checks}");
        self.post(
            &self.coord,
            &format!("/applications/{app}/screening"),
            json!({"decision": "eligible", "reason": "Complet."}),
        )
        .await
    }

    /// Two reviews (content, financial) with scores `content` and `financial`.
    pub async fn reviewed(&self, app: &str, content: i64, financial: i64) {
        for (lens, criterion, score) in [("content", "relevance", content), ("financial", "budget", financial)] {
            let reviewer = format!("reviewer-{lens}");
            let review = self
                .post(&self.coord, &format!("/applications/{app}/reviews"), json!({"reviewer": reviewer, "lens": lens}))
                .await;
            let rid = review["id"].as_str().unwrap();
            let t = token_for(&reviewer, &[self.tenant], &["reviewer"]);
            self.post(&t, &format!("/reviews/{rid}/no-conflict"), json!({})).await;
            let body = json!({"scores": [{"criterion": criterion, "score": score}], "recommendation": "fund"});
            let res = self.funding.put(&self.path(&format!("/reviews/{rid}")), &t, &body).send().await.unwrap();
            self.ok(res, "review").await;
        }
    }

    /// A selected application with a signed grant of two tranches (60 % / 40 %).
    pub async fn signed_grant(&self, app: &str, amount: i64) -> Value {
        let first = amount * 6 / 10;
        let grant = self
            .post(
                &self.coord,
                &format!("/applications/{app}/grant"),
                json!({
                    "starts_on": "2021-09-01", "ends_on": "2022-08-31",
                    "tranches": [
                        {"amount": first, "condition": "Signature de la convention", "due_on": "2021-09-15"},
                        {"amount": amount - first, "condition": "Rapport à mi-parcours accepté", "due_on": "2022-03-01"}
                    ]
                }),
            )
            .await;
        let id = grant["id"].as_str().unwrap().to_string();
        let mut last = grant;
        for party in ["applicant", "programme"] {
            let res = self
                .funding
                .http
                .put(
                    self.funding
                        .url(&self.path(&format!("/grants/{id}/signatures/{party}?filename=convention-signee.pdf"))),
                )
                .bearer_auth(&self.coord)
                .header("Content-Type", "application/pdf")
                .body(format!("%PDF-1.4 signed by {party}"))
                .send()
                .await
                .unwrap();
            last = self.ok(res, "signature").await;
        }
        last
    }

    /// An application of a new pair, taken through screening, review and the
    /// committee to a signed grant of `amount` (tranches 60 % / 40 %): the grant.
    pub async fn funded(&self, name: &str, amount: i64) -> Value {
        let (loc, dia) = self.pair(name).await;
        let call = self.open_call(amount * 2, json!({})).await;
        let call = call["id"].as_str().unwrap();
        let app = self.submitted(call, &loc, &dia, name, amount).await;
        self.eligible(&app).await;
        self.reviewed(&app, 4, 4).await;
        let decision = json!({"decisions": [{"application_id": app, "outcome": "selected", "reason": "Retenu."}]});
        self.post(&self.coord, &format!("/calls/{call}/decisions"), decision).await;
        self.signed_grant(&app, amount).await
    }

    /// A disbursement request for `tranche`, approved by the administrator: its id.
    pub async fn approved_request(&self, grant: &str, tranche: i64, amount: Option<i64>) -> String {
        let body = amount.map_or(json!({}), |a| json!({"amount": a}));
        let d = self.post(&self.coord, &format!("/grants/{grant}/tranches/{tranche}/disbursements"), body).await;
        let id = d["id"].as_str().unwrap().to_string();
        self.post(&self.admin, &format!("/disbursements/{id}/approval"), json!({})).await;
        id
    }

    pub fn pay(&self, request: &str, key: &str, amount: i64) -> reqwest::RequestBuilder {
        let body = json!({"amount": amount, "paid_on": "2021-09-20", "reference": format!("VIR-{key}")});
        self.funding
            .post(&self.path(&format!("/disbursements/{request}/payments")), &self.admin, &body)
            .header("Idempotency-Key", key)
    }
}

/// Any caller of the tenant with `roles`.
pub fn staff(tenant: &str, roles: &[&str]) -> String {
    token(&[tenant], roles)
}

/// Funding objects of `tenant` for the authorization matrix, added to `s`: an open
/// call; an application of the seeded organisation, reviewed (`test-user`, the
/// matrix's subject, assigned) and selected; its signed grant, tranche 1 paid
/// and reported with a receipt; a request for tranche 2 waiting for approval. All
/// made by other subjects than the matrix's, texts carrying the tenant's marker.
pub async fn seed(
    registry: &TestApp,
    training: &TestApp,
    funding: &TestApp,
    tenant: &'static str,
    s: &mut crate::common::Seed,
) {
    let f = Flow::new(registry, training, funding, tenant);
    let marker = format!("MARKER-{tenant}");
    let call = f.open_call(10_000_000, json!({"title": format!("{marker} appel")})).await;
    let call_id = call["id"].as_str().unwrap().to_string();
    let (loc, dia) = (s.ids["organisation"].clone(), s.ids["diaspora"].clone());
    let mut content = f.content(&loc, &dia, &format!("{marker} candidature"), 2_000_000);
    content["summary"] = json!(marker);
    let app = f.post(&f.coord, &format!("/calls/{call_id}/applications"), content).await;
    let app_id = app["id"].as_str().unwrap().to_string();
    f.post(&f.coord, &format!("/applications/{app_id}/submit"), json!({})).await;
    f.post(&f.coord, &format!("/applications/{app_id}/eligibility"), json!({})).await;
    let screening = json!({"decision": "eligible", "reason": marker, "override_failed_checks": true});
    f.post(&f.coord, &format!("/applications/{app_id}/screening"), screening).await;
    let review = f
        .post(&f.coord, &format!("/applications/{app_id}/reviews"), json!({"reviewer": "test-user", "lens": "content"}))
        .await;
    let decision = json!({"decisions": [{"application_id": app_id, "outcome": "selected", "reason": marker}]});
    f.post(&f.coord, &format!("/calls/{call_id}/decisions"), decision).await;
    let grant = f.signed_grant(&app_id, 2_000_000).await;
    let grant_id = grant["id"].as_str().unwrap().to_string();
    let first = f.approved_request(&grant_id, 1, None).await;
    let paid = f.pay(&first, &format!("seed-{tenant}"), 1_200_000).send().await.unwrap();
    assert_eq!(paid.status(), 201);
    let report = f
        .post(&f.coord, &format!("/grants/{grant_id}/tranches/1/reports"), json!({"narrative": marker, "expenses": []}))
        .await;
    let report_id = report["id"].as_str().unwrap().to_string();
    let receipt = f
        .funding
        .http
        .post(f.funding.url(&f.path(&format!("/reports/{report_id}/receipts?filename=recu.pdf"))))
        .bearer_auth(&f.coord)
        .header("Content-Type", "application/pdf")
        .body(format!("%PDF-1.4 {marker}"))
        .send()
        .await
        .unwrap();
    let receipt = f.ok(receipt, "receipt").await;
    let second = f.post(&f.coord, &format!("/grants/{grant_id}/tranches/2/disbursements"), json!({})).await;
    for (k, v) in [
        ("call", call_id),
        ("application", app_id),
        ("review", review["id"].as_str().unwrap().to_string()),
        ("grant", grant_id),
        ("disbursement", second["id"].as_str().unwrap().to_string()),
        ("report", report_id),
        ("attachment", receipt["id"].as_str().unwrap().to_string()),
    ] {
        s.ids.insert(k, v);
    }
}
