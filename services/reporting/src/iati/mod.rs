//! The programme in the International Aid Transparency Initiative's standard
//! (activity standard 2.03): `GET /v1/programme/exports/iati.xml?period=2021`.
//!
//! The programme is one activity (`hierarchy="1"`) with its results for the period
//! (the logframe's indicators, disaggregated); each funded micro-project is a child
//! activity (`hierarchy="2"`) with its organisations, budget, commitment and
//! disbursements. Everything comes from what reporting gathered (the indicators'
//! snapshots and the `funding-projects` snapshot): the export never asks a service.
//! The file validates against the 2.03 schema and passes the errors of IATI's
//! standard ruleset; `tests/iati_export.rs` checks both on an export of real data.
//!
//! Configuration, read once at start (a value the standard would refuse stops the
//! service with a message):
//!
//! | variable | default | what |
//! |---|---|---|
//! | `MODAL_IATI_PUBLISHER` | `XI-IATI-MODAL` (**a placeholder**: not a registered identifier) | the reporting organisation's IATI identifier (`reporting-org/@ref`), prefix of every activity identifier; never change it once published |
//! | `MODAL_IATI_REPORTING_ORG_NAME` | `ADEPT` | its name |
//! | `MODAL_IATI_REPORTING_ORG_TYPE` | `21` (International NGO) | its OrganisationType code |
//! | `MODAL_IATI_FUNDERS` | `DE-1:` BMZ | funding organisations (role 1), `REF:Name;REF:Name` (a name alone if it has no identifier) |
//! | `MODAL_IATI_EXTENDING` | `XM-DAC-5-52:` GIZ | extending organisations (role 3), same format |
//! | `MODAL_IATI_SECTOR` | `15150` (Democratic participation and civil society) | the DAC 5-digit purpose code of every activity |
//! | `MODAL_IATI_PROGRAMME_START` | `2021-01-01` | the programme's start (actual once past) |
//! | `MODAL_IATI_PROGRAMME_END` | none | its planned end |
//! | `MODAL_IATI_BUDGETS` | none | the programme's budget per calendar year, `2021:EUR:1500000;2022:EUR:1750000.50` (major units) |
//!
//! The default identifiers of BMZ (`DE-1`) and GIZ (`XM-DAC-5-52`) are those seen in
//! other publishers' files: check them on the IATI Registry before publishing.

pub mod config;
pub mod document;
pub mod elements;
pub mod handlers;
pub mod orgs;
pub mod programme;
pub mod project;
pub mod results;
pub mod xml;

#[cfg(test)]
mod tests;
