//! The MODAL platform as a whole: the one list of its services.
//!
//! [`services`] is the list every whole-system tool reads: the local launcher
//! (`modal run`), `modal openapi`, `modal services` (which scripts such as
//! `.ci/image` and `.ci/fuzz` read), the contract and authorization tests, and the
//! test that checks compose and the Kubernetes overlays against it. Adding a
//! service adds one line here (docs/adding-a-service.md).

use modal_kit::http::ServiceDef;

/// Every service, in the order they start: a service comes after those it calls.
pub fn services() -> Vec<ServiceDef> {
    vec![modal_registry::service(), modal_training::service(), modal_funding::service(), modal_reporting::service()]
}
