//! Organisations: diaspora organisations, local associations, federations… of a tenant.

pub mod csv;
pub mod csv_handlers;
pub mod duplicates;
pub mod handlers;
pub mod identifiers;
pub mod links;
pub mod merge;
pub mod rules;
pub mod similarity;
pub mod store;
pub mod types;

use modal_kit::{Code, CodeDef};

/// An organisation with the same normalised name in the same country exists.
pub const DUPLICATE_ORGANISATION: Code = Code::new(&CodeDef::new(
    409,
    "duplicate_organisation",
    "Organisation déjà enregistrée",
    "Organisation already registered",
));

/// Another organisation of the tenant holds one of the identifiers (same scheme).
pub const DUPLICATE_IDENTIFIER: Code =
    Code::new(&CodeDef::new(409, "duplicate_identifier", "Identifiant déjà attribué", "Identifier already held"));
