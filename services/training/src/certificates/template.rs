//! A tenant's certificate template: who signs, the words printed in each of the
//! trainings' languages, the funders named at the foot, and the logos (the
//! partner's and the funders', uploaded apart as PNG files). Anything not set
//! keeps the programme's wording (`pdf::default_wording`).

use crate::schema::{certificate_logos as l, certificate_templates as t};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::db::AnyConnection;
use modal_kit::on_engine;
use modal_kit::validate::Violations;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What a tenant sets (and what is stored, as one JSON document).
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateTemplateInput {
    /// Who signs, at most three, printed side by side under the text.
    #[serde(default)]
    #[schema(max_items = 3)]
    pub signatories: Vec<Signatory>,
    /// The words, per language of the training; a field left out keeps the
    /// programme's wording.
    #[serde(default)]
    pub wording: Wordings,
    /// The programme's funders named at the foot (at most six); the logo uploaded
    /// as `funder-1`… is printed above the first…
    #[serde(default)]
    #[schema(max_items = 6)]
    pub funders: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    /// Their title, e.g. « Coordinatrice nationale ».
    #[schema(min_length = 1, max_length = 80)]
    pub title: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Wordings {
    pub fr: Option<Wording>,
    pub en: Option<Wording>,
    pub ar: Option<Wording>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The heading (« CERTIFICAT DE PARTICIPATION »).
    #[schema(max_length = 60)]
    pub heading: Option<String>,
    /// The line before the holder's name (« Nous certifions que »).
    #[schema(max_length = 80)]
    pub intro: Option<String>,
    /// The line between the name and the training (« a participé à la formation »).
    #[schema(max_length = 80)]
    pub statement: Option<String>,
}

/// The template as answered: what was set, which logos are uploaded, and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateTemplate {
    pub signatories: Vec<Signatory>,
    pub wording: Wordings,
    pub funders: Vec<String>,
    /// The logo slots uploaded (`partner`, `funder-1`…).
    pub logos: Vec<String>,
    /// When it was last set; `null` while the programme's defaults apply.
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339_option")]
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
}

impl CertificateTemplate {
    fn new(input: CertificateTemplateInput, logos: Vec<String>, set: Option<(NaiveDateTime, String)>) -> Self {
        let (updated_at, updated_by) = set.map_or((None, None), |(at, by)| (Some(at.and_utc()), Some(by)));
        CertificateTemplate {
            signatories: input.signatories,
            wording: input.wording,
            funders: input.funders,
            logos,
            updated_at,
            updated_by,
        }
    }
}

/// Where a logo goes: the partner's, and one per funder (in the template's order).
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
pub enum LogoSlot {
    #[serde(rename = "partner")]
    Partner,
    #[serde(rename = "funder-1")]
    Funder1,
    #[serde(rename = "funder-2")]
    Funder2,
    #[serde(rename = "funder-3")]
    Funder3,
    #[serde(rename = "funder-4")]
    Funder4,
    #[serde(rename = "funder-5")]
    Funder5,
    #[serde(rename = "funder-6")]
    Funder6,
}

impl LogoSlot {
    pub fn as_str(self) -> &'static str {
        match self {
            LogoSlot::Partner => "partner",
            LogoSlot::Funder1 => "funder-1",
            LogoSlot::Funder2 => "funder-2",
            LogoSlot::Funder3 => "funder-3",
            LogoSlot::Funder4 => "funder-4",
            LogoSlot::Funder5 => "funder-5",
            LogoSlot::Funder6 => "funder-6",
        }
    }
}

/// The `{slot}` of a logo's path (an unknown slot is a 400, as any bad segment).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LogoPath {
    #[param(inline)]
    pub slot: LogoSlot,
}

pub fn validate(input: &CertificateTemplateInput) -> Result<(), Violations> {
    let mut v = Violations::new();
    v.range("signatories", input.signatories.len() as i64, 0, 3);
    for (i, s) in input.signatories.iter().enumerate() {
        v.required_text(&format!("signatories[{i}].name"), &s.name, 80);
        v.required_text(&format!("signatories[{i}].title"), &s.title, 80);
    }
    v.range("funders", input.funders.len() as i64, 0, 6);
    for (i, f) in input.funders.iter().enumerate() {
        v.required_text(&format!("funders[{i}]"), f, 60);
    }
    let w = &input.wording;
    for (lang, wording) in [("fr", &w.fr), ("en", &w.en), ("ar", &w.ar)] {
        let Some(wording) = wording else { continue };
        v.optional_text(&format!("wording.{lang}.heading"), wording.heading.as_deref(), 60);
        v.optional_text(&format!("wording.{lang}.intro"), wording.intro.as_deref(), 80);
        v.optional_text(&format!("wording.{lang}.statement"), wording.statement.as_deref(), 80);
    }
    v.finish()
}

/// What the tenant set (the default, empty one if nothing was), as printed.
pub fn input(conn: &mut AnyConnection, tenant: &str) -> QueryResult<CertificateTemplateInput> {
    let document: Option<String> =
        on_engine!(conn, |c| t::table.filter(t::tenant_id.eq(tenant)).select(t::document).first(c).optional())?;
    Ok(document.and_then(|d| serde_json::from_str(&d).ok()).unwrap_or_default())
}

/// The tenant's template as answered.
pub fn find(conn: &mut AnyConnection, tenant: &str) -> QueryResult<CertificateTemplate> {
    let (row, logos): (Option<(String, NaiveDateTime, String)>, Vec<String>) = on_engine!(conn, |c| {
        let row = t::table
            .filter(t::tenant_id.eq(tenant))
            .select((t::document, t::updated_at, t::updated_by))
            .first(c)
            .optional()?;
        (row, l::table.filter(l::tenant_id.eq(tenant)).select(l::slot).order(l::slot).load(c)?)
    });
    Ok(match row {
        Some((document, at, by)) => {
            CertificateTemplate::new(serde_json::from_str(&document).unwrap_or_default(), logos, Some((at, by)))
        }
        None => CertificateTemplate::new(CertificateTemplateInput::default(), logos, None),
    })
}

/// The tenant's logos, PNG bytes by slot.
pub fn logos(conn: &mut AnyConnection, tenant: &str) -> QueryResult<Vec<(String, Vec<u8>)>> {
    on_engine!(conn, |c| l::table.filter(l::tenant_id.eq(tenant)).select((l::slot, l::png)).order(l::slot).load(c))
}

pub fn replace(conn: &mut AnyConnection, tenant: &str, document: &str, at: NaiveDateTime, by: &str) -> QueryResult<()> {
    let row = (t::tenant_id.eq(tenant), t::document.eq(document), t::updated_at.eq(at), t::updated_by.eq(by));
    on_engine!(conn, |c| {
        diesel::delete(t::table.filter(t::tenant_id.eq(tenant))).execute(c)?;
        diesel::insert_into(t::table).values(row).execute(c)
    })?;
    Ok(())
}

/// Puts `png` in `slot` (`None` removes it); whether a logo was there before.
pub fn set_logo(
    conn: &mut AnyConnection,
    tenant: &str,
    slot: &str,
    png: Option<&[u8]>,
    at: NaiveDateTime,
    by: &str,
) -> QueryResult<bool> {
    let existing = l::table.filter(l::tenant_id.eq(tenant)).filter(l::slot.eq(slot));
    on_engine!(conn, |c| {
        let removed = diesel::delete(existing).execute(c)?;
        if let Some(png) = png {
            let row =
                (l::tenant_id.eq(tenant), l::slot.eq(slot), l::png.eq(png), l::updated_at.eq(at), l::updated_by.eq(by));
            diesel::insert_into(l::table).values(row).execute(c)?;
        }
        Ok(removed > 0)
    })
}
