//! Real data for the IATI export, put in through the services over HTTP: a
//! training in DIADEM today, a micro-project of a local association (NINEA
//! registered, `&` in its name) and its diaspora partner, funded 6 559 570 XOF,
//! signed today, paid in two payments today (3 000 000 and 935 742 XOF: the first
//! tranche); gathered by the programme team, then downloaded.

use crate::common::funding::flow;
use chrono::{Datelike, NaiveDate, Utc};
use modal_testkit::{json, spawn_system, token, TestApp};
use serde_json::{json, Value};

pub struct Export {
    pub xml: String,
    /// Funding's listing of DIADEM's projects, as reporting gathered it.
    pub projects: Value,
    pub signed_between: (NaiveDate, NaiveDate),
    pub paid_on: NaiveDate,
}

const AMOUNT: i64 = 6_559_570;

/// Three women and one man on site, two women online, in DIADEM today.
async fn training(apps: &[TestApp], organisation: &str) {
    let c = token(&["diadem"], &["coordinator"]);
    let today = Utc::now().date_naive().to_string();
    let body = json!({"title": "Gestion associative", "city": "Thiès", "country": "SN",
        "start_date": today, "end_date": today, "format": "hybrid"});
    let tr = json(apps[1].post("/v1/tenants/diadem/trainings", &c, &body).send().await.unwrap()).await;
    let tid = tr["id"].as_str().unwrap();
    let people = [("female", "on_site"); 3].into_iter().chain([("male", "on_site")]).chain([("female", "online"); 2]);
    for (i, (sex, mode)) in people.enumerate() {
        let p =
            json!({"full_name": format!("Personne {i}"), "sex": sex, "mode": mode, "organisation_id": organisation});
        let res = apps[1].post(&format!("/v1/tenants/diadem/trainings/{tid}/participants"), &c, &p);
        assert_eq!(res.send().await.unwrap().status(), 201);
    }
}

pub async fn export_of_real_data() -> Export {
    let apps = spawn_system(modal::services()).await;
    let f = flow(&apps, "diadem");
    let dia = f.organisation("diaspora_organisation", "Thiès Solidarité France", "FR", true).await;
    let body = json!({"kind": "local_association", "name": "Femmes & Maraîchage de Thiès", "country": "SN",
        "registrations": [{"scheme": "ninea", "value": "005123456 2G3"}]});
    let loc =
        f.ok(f.registry.post(&f.path("/organisations"), &f.coord, &body).send().await.unwrap(), "association").await;
    let loc = loc["id"].as_str().unwrap().to_string();
    let verify =
        f.registry.post(&f.path(&format!("/organisations/{loc}/status")), &f.coord, &json!({"status": "verified"}));
    f.ok(verify.header("If-Match", "*").send().await.unwrap(), "verify").await;
    f.partnership(&dia, &loc, "active").await;
    training(&apps, &loc).await;

    let call = f.open_call(AMOUNT * 2, json!({})).await;
    let call = call["id"].as_str().unwrap();
    let app = f.submitted(call, &loc, &dia, "Périmètre maraîcher <Thiès> & forage", AMOUNT).await;
    f.eligible(&app).await;
    f.reviewed(&app, 4, 4).await;
    let decision = json!({"decisions": [{"application_id": app, "outcome": "selected", "reason": "Retenu."}]});
    f.post(&f.coord, &format!("/calls/{call}/decisions"), decision).await;
    let before = Utc::now().date_naive();
    let grant = f.signed_grant(&app, AMOUNT).await;
    let signed_between = (before, Utc::now().date_naive());
    let grant = grant["id"].as_str().unwrap();
    let request = f.approved_request(grant, 1, None).await;
    let paid_on = Utc::now().date_naive();
    for (key, amount) in [("iati-1", 3_000_000), ("iati-2", 935_742)] {
        let pay = json!({"amount": amount, "paid_on": paid_on, "reference": format!("VIR-{key}")});
        let res = f.funding.post(&f.path(&format!("/disbursements/{request}/payments")), &f.admin, &pay);
        assert_eq!(res.header("Idempotency-Key", key).send().await.unwrap().status(), 201);
    }

    let programme = token(&[], &["programme_admin"]);
    let year = Utc::now().year();
    let gathered = apps[3].post("/v1/programme/snapshots", &programme, &json!({"year": year})).send().await.unwrap();
    let gathered = json(gathered).await;
    assert_eq!(gathered["failed"], json!([]), "{gathered}");
    let projects = gathered["taken"].as_array().unwrap().iter().filter(|s| s["service"] == "funding-projects").count();
    assert_eq!(projects, 4, "one projects snapshot per tenant: {gathered}");
    let listing = f.get(&f.coord, "/stats/projects").await;

    let res = apps[3].get(&format!("/v1/programme/exports/iati.xml?period={year}"), &programme).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
    let forbidden =
        apps[3].get(&format!("/v1/programme/exports/iati.xml?period={year}"), &f.coord).send().await.unwrap();
    assert_eq!(forbidden.status(), 403, "the programme team's file only");
    Export { xml: res.text().await.unwrap(), projects: listing, signed_between, paid_on }
}

/// The figures put in are in the file, where IATI wants them.
pub fn assert_figures(e: &Export) {
    let p = &e.projects["projects"][0];
    assert_eq!(e.projects["projects"].as_array().unwrap().len(), 1, "{}", e.projects);
    assert_eq!((p["amount"].as_i64(), p["currency"].as_str()), (Some(AMOUNT), Some("XOF")));
    let committed: NaiveDate = serde_json::from_value(p["committed_on"].clone()).unwrap();
    assert!(e.signed_between.0 <= committed && committed <= e.signed_between.1, "{p}");
    assert_eq!(p["payments"].as_array().unwrap().len(), 2, "funding lists every payment: {p}");

    let doc = roxmltree::Document::parse(&e.xml).unwrap();
    let activities: Vec<_> = doc.root_element().children().filter(|n| n.has_tag_name("iati-activity")).collect();
    let hierarchy: Vec<&str> = activities.iter().map(|a| a.attribute("hierarchy").unwrap()).collect();
    assert_eq!(hierarchy, ["1", "2"]);
    let child = activities[1];
    let text = |n: roxmltree::Node, path: &str| {
        crate::rules::at(n, path).first().and_then(|t| t.text()).unwrap_or("").to_string()
    };
    assert_eq!(text(child, "title/narrative"), "Périmètre maraîcher <Thiès> & forage");
    let id = text(child, "iati-identifier");
    assert!(id.starts_with("XI-IATI-MODAL-MODAL-diadem-"), "{id}");
    assert!(e.xml.contains(&format!("<related-activity ref=\"{id}\" type=\"2\"/>")));
    fn attribute(n: roxmltree::Node, path: &str, name: &str) -> String {
        crate::rules::at(n, path)[0].attribute(name).unwrap().to_string()
    }
    let transactions: Vec<[String; 3]> = crate::rules::at(child, "transaction")
        .iter()
        .map(|t| {
            [
                attribute(*t, "transaction-type", "code"),
                attribute(*t, "transaction-date", "iso-date"),
                text(*t, "value"),
            ]
        })
        .collect();
    let (committed, paid) = (committed.to_string(), e.paid_on.to_string());
    let want = |code: &str, day: &str, value: &str| [code.to_string(), day.to_string(), value.to_string()];
    assert_eq!(
        transactions,
        [want("2", &committed, "6559570"), want("3", &paid, "3000000"), want("3", &paid, "935742")],
        "a commitment on the signature day, a disbursement per payment on its day"
    );
    let receiver = crate::rules::at(child, "transaction/receiver-org")[0];
    assert_eq!(receiver.attribute("ref"), Some("SN-NINEA-0051234562G3"));
    assert_eq!(text(receiver, "narrative"), "Femmes & Maraîchage de Thiès");
    let roles: Vec<(&str, String)> = crate::rules::at(child, "participating-org")
        .iter()
        .map(|o| (o.attribute("role").unwrap(), text(*o, "narrative")))
        .collect();
    assert!(
        roles.contains(&("4", "Femmes & Maraîchage de Thiès".into()))
            && roles.contains(&("2", "Thiès Solidarité France".into())),
        "{roles:?}"
    );
    assert!(roles.contains(&("3", "DIADEM".into())), "{roles:?}");
    // The programme's results: 6 persons trained, 5 women, 2 online.
    let trained = crate::rules::at(activities[0], "result/indicator")
        .into_iter()
        .find(|i| text(*i, "title/narrative") == "Personnes formées")
        .expect("persons trained");
    let actual = |dimension: Option<(&str, &str)>| {
        crate::rules::at(trained, "period/actual")
            .into_iter()
            .find(|a| {
                let d = a.children().find(|d| d.has_tag_name("dimension"));
                d.map(|d| (d.attribute("name").unwrap(), d.attribute("value").unwrap())) == dimension
            })
            .and_then(|a| a.attribute("value"))
            .unwrap_or("none")
            .to_string()
    };
    assert_eq!(actual(None), "6");
    assert_eq!((actual(Some(("sex", "female"))), actual(Some(("mode", "online")))), ("5".into(), "2".into()));
}
