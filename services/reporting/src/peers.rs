//! The services reporting gathers from, and what it reads of their answers.
//!
//! A snapshot keeps a service's answer as it came (JSON text): a field added to a
//! service's stats is kept from the day it appears, and the indicators read the
//! fields below, with defaults, so an older snapshot still reads.

use modal_kit::client::PeerClient;
use modal_kit::ApiError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// The three services, in the order a gathering asks them.
pub const SOURCES: [&str; 3] = ["registry", "training", "funding"];

#[derive(Clone)]
pub struct Peers {
    clients: Vec<PeerClient>,
}

#[derive(Deserialize)]
struct Health {
    #[serde(default)]
    version: String,
}

impl Peers {
    pub fn new(registry: &str, training: &str, funding: &str) -> Peers {
        let client = |name, url| PeerClient::new(name, url, Duration::from_secs(10));
        Peers { clients: vec![client("registry", registry), client("training", training), client("funding", funding)] }
    }

    fn client(&self, service: &str) -> &PeerClient {
        let i = SOURCES.iter().position(|s| *s == service).expect("a known source");
        &self.clients[i]
    }

    /// The release a service runs now (`unknown` if it does not say).
    pub async fn version(&self, service: &str, token: &str) -> Result<String, ApiError> {
        let health: Option<Health> = self.client(service).get_json("/healthz", token).await?;
        Ok(health.map(|h| h.version).filter(|v| !v.is_empty()).unwrap_or_else(|| "unknown".into()))
    }

    /// Whether the registry knows organisation `id` in `tenant` (for the caller).
    pub async fn organisation_exists(&self, tenant: &str, id: &str, token: &str) -> Result<bool, ApiError> {
        let path = format!("/v1/tenants/{tenant}/organisations/{id}");
        Ok(self.client("registry").get_json::<serde::de::IgnoredAny>(&path, token).await?.is_some())
    }

    /// Whether training knows training `id` in `tenant` (for the caller).
    pub async fn training_exists(&self, tenant: &str, id: &str, token: &str) -> Result<bool, ApiError> {
        let path = format!("/v1/tenants/{tenant}/trainings/{id}");
        Ok(self.client("training").get_json::<serde::de::IgnoredAny>(&path, token).await?.is_some())
    }

    /// Registry organisation `id` of `tenant` (`None` if the registry does not know it).
    pub async fn organisation<T: DeserializeOwned>(
        &self,
        tenant: &str,
        id: &str,
        token: &str,
    ) -> Result<Option<T>, ApiError> {
        let path = format!("/v1/tenants/{tenant}/organisations/{id}");
        self.client("registry").get_json(&path, token).await
    }

    /// Funding's projects of `tenant`: every grant, with its payments.
    pub async fn funded_projects<T: DeserializeOwned>(&self, tenant: &str, token: &str) -> Result<T, ApiError> {
        let path = format!("/v1/tenants/{tenant}/stats/projects");
        self.client("funding").get_json(&path, token).await?.ok_or_else(|| {
            ApiError::new(modal_kit::error::Code::UPSTREAM_ERROR)
                .with_cause(format!("funding: no projects for {tenant}"))
        })
    }

    /// A service's stats for a tenant and the days `from..=to`, as it answered.
    pub async fn stats(
        &self,
        service: &str,
        tenant: &str,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        token: &str,
    ) -> Result<serde_json::Value, ApiError> {
        let path = format!("/v1/tenants/{tenant}/stats?from={from}&to={to}");
        self.client(service).get_json(&path, token).await?.ok_or_else(|| {
            ApiError::new(modal_kit::error::Code::UPSTREAM_ERROR)
                .with_cause(format!("{service}: no stats for {tenant}"))
        })
    }
}

/// What reporting reads of the registry's stats.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegistryFigures {
    pub organisations: i64,
    pub by_kind: BTreeMap<String, i64>,
    pub by_country: BTreeMap<String, i64>,
    pub partnerships: i64,
    pub partnerships_by_kind: BTreeMap<String, i64>,
}

/// What reporting reads of training's stats.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrainingFigures {
    pub trainings_held: i64,
    pub participants: i64,
    pub by_sex: BTreeMap<String, i64>,
    pub by_mode: BTreeMap<String, i64>,
    pub by_organisation_kind: BTreeMap<String, i64>,
    pub by_organisation_country: BTreeMap<String, i64>,
    pub certificates_issued: i64,
}

/// The four amounts of funding's stats, in one currency's minor units (or euro cents).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Amounts {
    pub requested: i64,
    pub selected: i64,
    pub committed: i64,
    pub disbursed: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CurrencyAmounts {
    pub currency: String,
    #[serde(flatten)]
    pub amounts: Amounts,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApplicationCount {
    pub status: String,
    pub country: String,
    pub applicant_kind: String,
    pub count: i64,
    pub ever_eligible: i64,
    pub ever_selected: i64,
}

/// What reporting reads of funding's stats.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FundingFigures {
    pub calls_opened: i64,
    pub applications: Vec<ApplicationCount>,
    pub amounts: Vec<CurrencyAmounts>,
    pub amounts_eur: Amounts,
    pub missing_rates: Vec<String>,
}
