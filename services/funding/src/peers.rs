//! The registry and training, as funding sees them: typed reads over REST with the
//! caller's token, so each applies its own tenant and role rules.

use modal_kit::client::PeerClient;
use modal_kit::text::id_like;
use modal_kit::ApiError;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

#[derive(Clone)]
pub struct Peers {
    registry: PeerClient,
    training: PeerClient,
}

/// What funding reads of an organisation.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct OrganisationFacts {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub status: String,
    pub archived: bool,
}

/// What funding reads of a partnership.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct PartnershipFacts {
    pub id: String,
    pub diaspora_organisation_id: String,
    pub local_organisation_id: String,
    pub status: String,
}

/// What funding reads of a certificate held by someone of an organisation.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct CertificateFacts {
    pub id: String,
    pub training_id: String,
    pub participant_id: String,
}

#[derive(Deserialize)]
struct Page<T> {
    items: Vec<T>,
}

impl Peers {
    pub fn new(registry: &str, training: &str) -> Peers {
        Peers {
            registry: PeerClient::new("registry", registry, Duration::from_secs(3)),
            training: PeerClient::new("training", training, Duration::from_secs(3)),
        }
    }

    /// The organisation `id` of `tenant`, or `None` if that tenant has no such one.
    pub async fn organisation(
        &self,
        tenant: &str,
        id: &str,
        token: &str,
    ) -> Result<Option<OrganisationFacts>, ApiError> {
        if !id_like(id) {
            return Ok(None);
        }
        self.registry.get_json(&format!("/v1/tenants/{tenant}/organisations/{id}"), token).await
    }

    /// The active partnerships the organisation `id` takes part in.
    pub async fn active_partnerships(
        &self,
        tenant: &str,
        id: &str,
        token: &str,
    ) -> Result<Vec<PartnershipFacts>, ApiError> {
        if !id_like(id) {
            return Ok(Vec::new());
        }
        let path = format!("/v1/tenants/{tenant}/partnerships?organisation_id={id}&status=active&limit=200");
        Ok(self.registry.get_json::<Page<PartnershipFacts>>(&path, token).await?.map_or_else(Vec::new, |p| p.items))
    }

    /// The valid certificates held by people who represent the organisation `id`.
    pub async fn certificates(&self, tenant: &str, id: &str, token: &str) -> Result<Vec<CertificateFacts>, ApiError> {
        if !id_like(id) {
            return Ok(Vec::new());
        }
        let path = format!("/v1/tenants/{tenant}/certificates?organisation_id={id}");
        Ok(self.training.get_json::<Vec<CertificateFacts>>(&path, token).await?.unwrap_or_default())
    }
}
