//! What an organisation is, as a client sends it (`OrganisationInput`), as it is
//! stored (`OrganisationRow`) and as it is answered (`Organisation`). The three are
//! separate on purpose: a client can never set a stored-only field (id, tenant,
//! status, audit fields), and the answer's shape does not follow the table's.

use crate::schema::organisations;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use modal_kit::text::{parse_code, set_members, split_set};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    DiasporaOrganisation,
    LocalAssociation,
    FederationOrCollective,
    Cooperative,
    LocalAuthority,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    MigrationAndDevelopment,
    LocalDevelopment,
    SocialEconomy,
    MigrantsRights,
    SouthSouthMobility,
    Other,
}

/// identified → verified → active ⇄ inactive (see `rules::can_move`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationStatus {
    Identified,
    Verified,
    Active,
    Inactive,
}

/// The scheme a registration identifier belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationScheme {
    /// Senegal's national company and association identification number.
    Ninea,
    /// OHADA trade and personal property credit register.
    Rccm,
    /// Receipt of declaration of an association (récépissé).
    Receipt,
    /// France's national register of associations (diaspora associations).
    Rna,
    /// Morocco's common company identifier.
    Ice,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub scheme: RegistrationScheme,
    /// The identifier as issued, e.g. `005123456 2G3`. Checked against the
    /// scheme's format where it has one (NINEA, RCCM, RNA, ICE).
    #[schema(max_length = 64)]
    pub value: String,
    /// The registration agency's prefix on org-id.guide (IATI), e.g. `SN-NINEA`,
    /// `XM-DAC`, `FR-RCS`. NINEA fills it in; other registrations may name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 20, example = "SN-NINEA")]
    pub agency: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    #[schema(max_length = 32)]
    pub whatsapp: Option<String>,
}

/// What a client sends to create or replace an organisation.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub kind: OrganisationKind,
    #[schema(min_length = 1, max_length = 200, example = "Fédération des Collectifs de Migrants")]
    pub name: String,
    #[schema(max_length = 30)]
    pub acronym: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    /// Country of registration (ISO 3166-1 alpha-2).
    #[schema(example = "SN")]
    pub country: String,
    /// Countries where it acts (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub intervention_countries: Vec<String>,
    /// Country of residence; required for a diaspora organisation.
    pub residence_country: Option<String>,
    #[schema(max_length = 120)]
    pub region: Option<String>,
    #[schema(max_length = 120)]
    pub city: Option<String>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub contacts: Contacts,
    /// Legal form as registered, e.g. `association déclarée`.
    #[schema(max_length = 120)]
    pub legal_status: Option<String>,
    #[serde(default)]
    pub registrations: Vec<Registration>,
    #[schema(minimum = 1800, maximum = 2100)]
    pub year_founded: Option<i32>,
    #[schema(minimum = 0, maximum = 10000000)]
    pub members: Option<i32>,
    #[serde(default)]
    pub women_led: bool,
    #[serde(default)]
    pub youth_led: bool,
    /// The organisation's website (`https://…`).
    #[schema(max_length = 300, example = "https://fecong.org")]
    pub website: Option<String>,
    /// An image of its logo, by URL (`https://…`).
    #[schema(max_length = 500)]
    pub logo_url: Option<String>,
    /// The organisation it is a branch or section of (same tenant).
    pub parent_organisation_id: Option<String>,
    /// The federations or collectives it is a member of (same tenant, kind
    /// `federation_or_collective`).
    #[serde(default)]
    pub federation_ids: Vec<String>,
}

/// An organisation as answered.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Organisation {
    pub id: String,
    pub tenant: String,
    pub kind: OrganisationKind,
    pub name: String,
    pub acronym: Option<String>,
    pub description: Option<String>,
    pub country: String,
    pub intervention_countries: Vec<String>,
    pub residence_country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub themes: Vec<Theme>,
    pub contacts: Contacts,
    pub legal_status: Option<String>,
    pub registrations: Vec<Registration>,
    pub year_founded: Option<i32>,
    pub members: Option<i32>,
    pub women_led: bool,
    pub youth_led: bool,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub parent_organisation_id: Option<String>,
    pub federation_ids: Vec<String>,
    /// Its IATI organisation identifier (agency prefix + registration), from the
    /// first registration whose scheme has an agency; null without one.
    pub iati_identifier: Option<String>,
    pub status: OrganisationStatus,
    pub archived: bool,
    /// Set when this record was merged into another (the survivor): it is archived,
    /// and reading it answers 301 to the survivor.
    pub merged_into: Option<String>,
    pub version: i32,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "modal_kit::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// The answer is made from the row, moving its strings (a list answers many).
impl From<OrganisationRow> for Organisation {
    fn from(row: OrganisationRow) -> Organisation {
        Organisation {
            kind: parse_code(&row.kind).unwrap_or(OrganisationKind::Other),
            intervention_countries: split_set(&row.intervention_countries),
            themes: set_members(&row.themes).filter_map(parse_code).collect(),
            federation_ids: split_set(&row.federation_ids),
            iati_identifier: None,
            registrations: serde_json::from_str(&row.registrations).unwrap_or_default(),
            status: parse_code(&row.status).unwrap_or(OrganisationStatus::Identified),
            archived: row.archived_at.is_some(),
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            id: row.id,
            tenant: row.tenant_id,
            name: row.name,
            acronym: row.acronym,
            description: row.description,
            country: row.country,
            residence_country: row.residence_country,
            region: row.region,
            city: row.city,
            contacts: Contacts { email: row.email, phone: row.phone, whatsapp: row.whatsapp },
            legal_status: row.legal_status,
            year_founded: row.year_founded,
            members: row.members,
            women_led: row.women_led,
            youth_led: row.youth_led,
            version: row.version,
            website: row.website,
            logo_url: row.logo_url,
            parent_organisation_id: row.parent_organisation_id,
            merged_into: row.merged_into,
        }
        .with_iati_identifier()
    }
}

impl From<&OrganisationRow> for Organisation {
    fn from(row: &OrganisationRow) -> Organisation {
        Organisation::from(row.clone())
    }
}

#[derive(Clone, Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = organisations, check_for_backend(modal_kit::db::MultiBackend))]
#[diesel(treat_none_as_null = true)]
pub struct OrganisationRow {
    pub tenant_id: String,
    pub id: String,
    pub kind: String,
    pub name: String,
    pub acronym: Option<String>,
    pub description: Option<String>,
    pub country: String,
    pub intervention_countries: String,
    pub residence_country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub themes: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub legal_status: Option<String>,
    pub registrations: String,
    pub year_founded: Option<i32>,
    pub members: Option<i32>,
    pub women_led: bool,
    pub youth_led: bool,
    pub status: String,
    pub name_key: String,
    pub search_text: String,
    pub archived_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub parent_organisation_id: Option<String>,
    pub federation_ids: String,
    /// The organisation this one was merged into (it is then archived).
    pub merged_into: Option<String>,
}

modal_kit::stamped!(OrganisationRow);

/// Filters of the list, the CSV export and the search.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilter {
    /// Words of the name or acronym; accents and case do not matter.
    pub q: Option<String>,
    pub kind: Option<OrganisationKind>,
    /// Country of registration or of intervention (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    pub theme: Option<Theme>,
    pub status: Option<OrganisationStatus>,
    /// Branches of this organisation.
    pub parent_organisation_id: Option<String>,
    /// Members of this federation or collective.
    pub federation_id: Option<String>,
    /// Include archived organisations (default false).
    pub include_archived: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `next` link.
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CreateOptions {
    /// Create even when an organisation with the same name exists in the same
    /// country: the caller has checked that it is a different one.
    pub confirm_distinct: Option<bool>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: OrganisationStatus,
}

/// Organisations that look like the same one (same normalised name and country).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DuplicateGroup {
    pub name_key: String,
    pub country: String,
    pub organisations: Vec<Organisation>,
}
