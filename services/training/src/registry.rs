//! The registry, as training sees it: one typed read over REST with the caller's
//! token (so the registry applies its own tenant and role rules).

use modal_kit::client::PeerClient;
use modal_kit::ApiError;
use serde::Deserialize;
use std::time::Duration;

#[derive(Clone)]
pub struct Registry(PeerClient);

/// What training reads of an organisation: enough for statistics, and its name
/// for exports (not kept with the enrolment: a renamed organisation exports under
/// its new name).
#[derive(Clone, Debug, Deserialize)]
pub struct OrganisationRef {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub archived: bool,
}

impl Registry {
    pub fn new(base_url: &str) -> Registry {
        Registry(PeerClient::new("registry", base_url, Duration::from_secs(3)))
    }

    /// The organisation `id` of `tenant`, or `None` if that tenant has no such one.
    pub async fn organisation(
        &self,
        tenant: &str,
        id: &str,
        bearer: &str,
    ) -> Result<Option<OrganisationRef>, ApiError> {
        if !modal_kit::text::id_like(id) {
            return Ok(None);
        }
        self.0.get_json(&format!("/v1/tenants/{tenant}/organisations/{id}"), bearer).await
    }

    /// The organisations of `tenant` whose name is exactly `name` (case and
    /// surrounding spaces aside): the registry's search narrows, this compares.
    pub async fn organisations_named(
        &self,
        tenant: &str,
        name: &str,
        bearer: &str,
    ) -> Result<Vec<OrganisationRef>, ApiError> {
        #[derive(Deserialize)]
        struct Page {
            items: Vec<OrganisationRef>,
        }
        let query = serde_urlencoded::to_string([("q", name), ("limit", "200")]).map_err(ApiError::internal)?;
        let page: Option<Page> =
            self.0.get_json(&format!("/v1/tenants/{tenant}/organisations?{query}"), bearer).await?;
        let wanted = name.trim().to_lowercase();
        Ok(page.map_or_else(Vec::new, |p| {
            p.items.into_iter().filter(|o| o.name.trim().to_lowercase() == wanted).collect()
        }))
    }
}
