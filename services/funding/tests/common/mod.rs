//! Helpers for funding's HTTP tests: the real funding service, with doubles of the
//! services it reads (the whole-system tests at the root use the real ones).
#![allow(dead_code)]

use modal_testkit::{spawn_with_peers, token, RegistryDouble, TestApp};

pub struct System {
    pub registry: RegistryDouble,
    pub funding: TestApp,
}

pub async fn system() -> System {
    let registry = RegistryDouble::start().await;
    let funding =
        spawn_with_peers(modal_funding::service(), &[("registry", &registry.base), ("training", "http://127.0.0.1:9")])
            .await;
    System { registry, funding }
}

pub fn coordinator(tenant: &str) -> String {
    token(&[tenant], &["coordinator"])
}
