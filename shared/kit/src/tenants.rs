//! The tenants (country partners) are configuration, not code: a JSON file named by
//! `MODAL_TENANTS_FILE`, or the programme's default four.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    /// Stable id used in URLs and tokens, e.g. `diadem`.
    pub id: String,
    /// Display name, e.g. `DIADEM`.
    pub name: String,
    /// ISO 3166-1 alpha-2 country of the partner.
    pub country: String,
    /// ISO 4217 currency the partner reports in.
    pub currency: String,
    /// IANA time zone in which the partner's dates are shown; by default the one of
    /// its country (Africa/Dakar, Africa/Bamako, Africa/Abidjan, Africa/Casablanca).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

impl Tenant {
    /// The tenant's time zone (see `time_zone`); UTC for a country not known here.
    pub fn zone(&self) -> &str {
        if let Some(zone) = &self.time_zone {
            return zone;
        }
        match self.country.as_str() {
            "SN" => "Africa/Dakar",
            "ML" => "Africa/Bamako",
            "CI" => "Africa/Abidjan",
            "MA" => "Africa/Casablanca",
            _ => "UTC",
        }
    }

    /// The tenant's time zone, parsed (UTC if the name is not one the tz database knows).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.zone().parse().unwrap_or(chrono_tz::UTC)
    }

    /// The day it is now for the tenant: what "not in the future" means for its dates.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().with_timezone(&self.tz()).date_naive()
    }
}

/// A tenant id: 1-63 characters of a-z, 0-9 and '-'. Safe in URLs, in file names
/// and inlined in SQL (the database binds connections to it, see `db::Connector`).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 63 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The set of configured tenants, cheap to clone and shared by every request
/// (each tenant behind an `Arc`, so a request's scope holds it without a copy).
#[derive(Clone, Debug)]
pub struct Tenants(Arc<BTreeMap<String, Arc<Tenant>>>);

impl Tenants {
    pub fn new(list: Vec<Tenant>) -> Result<Tenants, String> {
        let mut map = BTreeMap::new();
        for t in list {
            if !is_valid_id(&t.id) {
                return Err(format!("tenant id {:?} must be 1-63 chars of a-z, 0-9 and '-'", t.id));
            }
            if !crate::countries::is_iso3166_alpha2(&t.country) {
                return Err(format!("tenant {}: {:?} is not an ISO 3166-1 alpha-2 code", t.id, t.country));
            }
            if map.insert(t.id.clone(), Arc::new(t)).is_some() {
                return Err("tenant ids must be unique".into());
            }
        }
        if map.is_empty() {
            return Err("at least one tenant must be configured".into());
        }
        Ok(Tenants(Arc::new(map)))
    }

    /// DIADEM (Senegal), FECONG (Mali), PAIPS (Côte d'Ivoire), ADEPT Morocco.
    pub fn programme_default() -> Tenants {
        let t = |id: &str, name: &str, country: &str, currency: &str| Tenant {
            id: id.into(),
            name: name.into(),
            country: country.into(),
            currency: currency.into(),
            time_zone: None,
        };
        Tenants::new(vec![
            t("diadem", "DIADEM", "SN", "XOF"),
            t("fecong", "FECONG", "ML", "XOF"),
            t("paips", "PAIPS", "CI", "XOF"),
            t("adept-morocco", "ADEPT Maroc", "MA", "MAD"),
        ])
        .expect("default tenants are valid")
    }

    pub fn from_file(path: &Path) -> Result<Tenants, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let list: Vec<Tenant> = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Tenants::new(list)
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Tenant>> {
        self.0.get(id)
    }

    pub fn all(&self) -> impl Iterator<Item = &Tenant> {
        self.0.values().map(|t| &**t)
    }
}
