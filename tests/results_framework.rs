//! The results framework over HTTP with the whole system: a partner sets results,
//! computed and manual indicators with targets; the computed actual comes from the
//! snapshots, the manual one only once the programme approves it (and is locked
//! then); the programme reads every tenant's summed. Concurrent first reports and
//! concurrent additions of the same indicator stay one, on either engine.

use futures_util::StreamExt;
use modal_testkit::{assert_problem, json, spawn_system, token, TestApp};
use serde_json::{json, Value};

struct Partner<'a> {
    app: &'a TestApp,
    tenant: &'static str,
    token: String,
}

impl Partner<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/v1/tenants/{}{rest}", self.tenant)
    }
    async fn post(&self, rest: &str, body: Value) -> reqwest::Response {
        self.app.post(&self.path(rest), &self.token, &body).send().await.unwrap()
    }
    async fn put(&self, rest: &str, body: Value) -> reqwest::Response {
        self.app.put(&self.path(rest), &self.token, &body).send().await.unwrap()
    }
    async fn created(&self, rest: &str, body: Value) -> String {
        let res = self.post(rest, body).await;
        assert_eq!(res.status(), 201, "{rest}");
        json(res).await["id"].as_str().unwrap().to_string()
    }
}

/// A training of `tenant` held in July 2021 with `n` participants, half women.
async fn trained(apps: &[TestApp], tenant: &str, n: usize) {
    let c = token(&[tenant], &["coordinator"]);
    let t = json!({"title": "Gouvernance associative", "city": "Thiès", "country": "SN", "start_date": "2021-07-12", "end_date": "2021-07-13", "format": "on_site"});
    let tr = json(apps[1].post(&format!("/v1/tenants/{tenant}/trainings"), &c, &t).send().await.unwrap()).await;
    for i in 0..n {
        let sex = if i % 2 == 0 { "female" } else { "male" };
        let p = json!({"full_name": format!("Participant {i}"), "sex": sex, "mode": "on_site"});
        let path = format!("/v1/tenants/{tenant}/trainings/{}/participants", tr["id"].as_str().unwrap());
        assert_eq!(apps[1].post(&path, &c, &p).send().await.unwrap().status(), 201);
    }
}

fn line<'a>(fw: &'a Value, code: &str) -> &'a Value {
    fw["lines"].as_array().unwrap().iter().find(|l| l["code"] == code).unwrap_or_else(|| panic!("no {code}: {fw}"))
}

fn indicator<'a>(fw: &'a Value, code: &str) -> &'a Value {
    fw["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["indicators"].as_array().unwrap())
        .find(|i| i["code"] == code)
        .unwrap()
}

#[tokio::test]
async fn targets_meet_computed_and_approved_actuals_per_tenant_and_for_the_programme() {
    let apps = spawn_system(modal::services()).await;
    let reporting = &apps[3];
    let programme = token(&[], &["programme_admin"]);
    trained(&apps, "diadem", 6).await;
    trained(&apps, "fecong", 4).await;

    let mut plans = Vec::new();
    for (tenant, target, approved) in [("diadem", 30, 2), ("fecong", 10, 1)] {
        let p = Partner { app: reporting, tenant, token: token(&[tenant], &["coordinator"]) };
        let impact = p
            .created("/results", json!({"level": "impact", "title": "Les OSC contribuent au développement local"}))
            .await;
        let outcome = p
            .created("/results", json!({"level": "outcome", "title": "Capacités renforcées", "parent_id": impact}))
            .await;
        p.created(&format!("/results/{outcome}/indicators"), json!({"code": "persons_trained", "kind": "computed", "baseline": 0, "baseline_year": 2020, "targets": {"2021": target, "2021-Q3": target}})).await;
        let plan = p.created(&format!("/results/{outcome}/indicators"), json!({"code": "plans_locaux", "kind": "manual_value", "title": "Plans de développement local adoptés", "targets": {"2021": 3}})).await;
        // The partner reports, submits; the programme returns it once, then approves.
        let res = p
            .put(
                &format!("/result-indicators/{plan}/values/2021"),
                json!({"value": approved + 5, "evidence_urls": ["https://example.org/pv"]}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let review = |decision: Value| {
            let url = p.path(&format!("/result-indicators/{plan}/values/2021/review"));
            reporting.post(&url, &programme, &decision).send()
        };
        assert_problem(review(json!({"decision": "approved"})).await.unwrap(), 409, "invalid_transition").await;
        assert_eq!(p.post(&format!("/result-indicators/{plan}/values/2021/submit"), json!({})).await.status(), 200);
        assert_problem(
            p.put(&format!("/result-indicators/{plan}/values/2021"), json!({"value": 1})).await,
            409,
            "invalid_transition",
        )
        .await;
        assert_problem(review(json!({"decision": "returned"})).await.unwrap(), 422, "validation_failed").await;
        let returned =
            json(review(json!({"decision": "returned", "comments": "Joindre les délibérations."})).await.unwrap())
                .await;
        assert_eq!(
            (returned["status"].as_str(), returned["comments"].as_str()),
            (Some("returned"), Some("Joindre les délibérations."))
        );
        assert_eq!(
            p.put(
                &format!("/result-indicators/{plan}/values/2021"),
                json!({"value": approved, "evidence_urls": ["https://example.org/deliberation"]})
            )
            .await
            .status(),
            200
        );
        // Not yet approved: no actual.
        let gathered = p.post("/snapshots", json!({"year": 2021})).await;
        assert_eq!(json(gathered).await["failed"], json!([]));
        let fw = json(reporting.get(&p.path("/framework?period=2021"), &p.token).send().await.unwrap()).await;
        assert_eq!(indicator(&fw, "plans_locaux")["actual"], Value::Null);
        assert_eq!(indicator(&fw, "plans_locaux")["reported"]["status"], "draft");
        assert_eq!(p.post(&format!("/result-indicators/{plan}/values/2021/submit"), json!({})).await.status(), 200);
        let ok = json(review(json!({"decision": "approved"})).await.unwrap()).await;
        assert_eq!(ok["status"], "approved");
        // Locked once approved.
        assert_problem(
            p.put(&format!("/result-indicators/{plan}/values/2021"), json!({"value": 9})).await,
            409,
            "invalid_transition",
        )
        .await;
        plans.push(plan);
    }

    let diadem = token(&["diadem"], &["coordinator"]);
    let fw = json(reporting.get("/v1/tenants/diadem/framework?period=2021", &diadem).send().await.unwrap()).await;
    let trained_here = indicator(&fw, "persons_trained");
    assert_eq!(
        (trained_here["target"].as_i64(), trained_here["actual"].as_i64(), trained_here["baseline"].as_i64()),
        (Some(30), Some(6), Some(0))
    );
    assert_eq!(indicator(&fw, "plans_locaux")["actual"], 2);
    assert_eq!(fw["results"].as_array().unwrap().len(), 2);

    // The programme: targets and actuals summed across the tenants.
    let all = json(reporting.get("/v1/programme/framework?period=2021", &programme).send().await.unwrap()).await;
    let persons = line(&all, "persons_trained");
    assert_eq!((persons["target"].as_i64(), persons["actual"].as_i64()), (Some(40), Some(10)));
    assert_eq!(persons["tenants"]["fecong"], json!({"target": 10, "actual": 4}));
    assert_eq!(line(&all, "plans_locaux")["actual"], 3);
    assert_eq!(line(&all, "plans_locaux")["target"], 6);

    // Walls: a tenant reads only its own, and names only its own results.
    let res = reporting.get("/v1/tenants/fecong/framework?period=2021", &diadem).send().await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(reporting.get("/v1/programme/framework?period=2021", &diadem).send().await.unwrap().status(), 403);
    let fecong = token(&["fecong"], &["coordinator"]);
    let fecong_results = json(reporting.get("/v1/tenants/fecong/results", &fecong).send().await.unwrap()).await;
    let theirs = fecong_results[0]["id"].as_str().unwrap();
    let res = reporting
        .post("/v1/tenants/diadem/results", &diadem, &json!({"level": "output", "title": "x", "parent_id": theirs}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = reporting
        .put(&format!("/v1/tenants/diadem/result-indicators/{}/values/2021", plans[1]), &diadem, &json!({"value": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "another tenant's indicator is not found here");
    // A computed indicator is never typed in.
    let computed = indicator(&fw, "persons_trained")["id"].as_str().unwrap().to_string();
    let res = reporting
        .put(&format!("/v1/tenants/diadem/result-indicators/{computed}/values/2021"), &diadem, &json!({"value": 99}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn concurrent_first_reports_and_additions_of_one_indicator_stay_one() {
    let apps = spawn_system(modal::services()).await;
    let p = Partner { app: &apps[3], tenant: "paips", token: token(&["paips"], &["coordinator"]) };
    let result = p.created("/results", json!({"level": "output", "title": "Réseaux actifs"})).await;
    // Sixteen clients add the same indicator to the result: one is added.
    let path = p.path(&format!("/results/{result}/indicators"));
    let body = json!({"code": "reseaux_actifs", "kind": "manual_value", "title": "Réseaux actifs"});
    let statuses: Vec<u16> = futures_util::stream::iter((0..16).map(|_| p.app.post(&path, &p.token, &body).send()))
        .buffer_unordered(16)
        .map(|r| r.unwrap().status().as_u16())
        .collect()
        .await;
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let fw = json(p.app.get(&p.path("/framework?period=2021"), &p.token).send().await.unwrap()).await;
    let id = indicator(&fw, "reseaux_actifs")["id"].as_str().unwrap().to_string();
    // Sixteen clients report its first value at once: one value, each write a version.
    let path = p.path(&format!("/result-indicators/{id}/values/2021"));
    let puts = (0..16).map(|i| p.app.put(&path, &p.token, &json!({"value": i})).send());
    let statuses: Vec<u16> =
        futures_util::stream::iter(puts).buffer_unordered(16).map(|r| r.unwrap().status().as_u16()).collect().await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let fw = json(p.app.get(&p.path("/framework?period=2021"), &p.token).send().await.unwrap()).await;
    assert_eq!(indicator(&fw, "reseaux_actifs")["reported"]["version"], 16);
}
