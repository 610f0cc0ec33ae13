//! The one list of services (`modal::services()`) against the files that must
//! name every service too: Compose, the Kubernetes base and overlays. A service
//! added to the list and forgotten in one of them fails here, with what to add
//! (docs/adding-a-service.md is the checklist). The scripts (`.ci/image`,
//! `.ci/fuzz`) read the list themselves through `modal services`.

use modal_kit::config::peer_variable;

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn must_contain(file: &str, text: &str, what: &str, missing: &mut Vec<String>) {
    if !read(file).contains(text) {
        missing.push(format!("{file}: {what} (expected `{text}`)"));
    }
}

fn port_of(name: &str) -> u16 {
    modal::services().iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no service {name}")).port
}

#[test]
fn compose_and_kubernetes_name_every_service_of_the_list() {
    let services = modal::services();
    let names: Vec<&str> = services.iter().map(|d| d.name).collect();
    let all = names.join(" ");
    let mut missing = Vec::new();
    let compose = "docker/compose.yaml";
    let (base, dev, prod) =
        ("k8s/base/kustomization.yaml", "k8s/overlays/dev/kustomization.yaml", "k8s/overlays/prod/kustomization.yaml");
    must_contain(compose, &format!("MODAL_SERVICES: {all}"), "the databases the PostgreSQL init creates", &mut missing);
    must_contain(dev, &format!("MODAL_SERVICES={all}"), "the databases the dev PostgreSQL creates", &mut missing);
    for def in &services {
        let (name, port) = (def.name, def.port);
        must_contain(compose, &format!("\n  {name}:\n"), "the service", &mut missing);
        must_contain(compose, &format!("\n  {name}-migrate:\n"), "its migration", &mut missing);
        must_contain(
            compose,
            &format!("SERVICE: {name}\n        PORT: \"{port}\""),
            "its image's build arguments",
            &mut missing,
        );
        must_contain(compose, &format!("\"127.0.0.1:{port}:{port}\""), "its published port", &mut missing);
        must_contain(base, &format!("- services/{name}\n"), "its folder", &mut missing);
        let spec = format!("k8s/base/services/{name}/service.yaml");
        must_contain(&spec, &format!("name: {name}\n"), "its name", &mut missing);
        must_contain(&spec, &format!("port: {port}\n"), "its port", &mut missing);
        for secret in [format!("name: {name}-database\n"), format!("name: {name}-database-owner\n")] {
            must_contain(dev, &secret, "its database secrets", &mut missing);
        }
        must_contain(prod, &format!("- databases/{name}.yaml"), "its CloudNativePG cluster", &mut missing);
        must_contain(prod, &format!("- name: ghcr.io/modal/modal-{name}\n"), "its pinned image", &mut missing);
        for peer in def.peers {
            let url = format!("{}=http://{peer}:{}", peer_variable(peer), port_of(peer));
            must_contain(base, &url, &format!("{name} calls {peer}"), &mut missing);
            let compose_url = format!("{}: http://{peer}:{}", peer_variable(peer), port_of(peer));
            must_contain(compose, &compose_url, &format!("{name} calls {peer}"), &mut missing);
            let policy = format!("k8s/base/services/{peer}/kustomization.yaml");
            if !read(&policy).lines().any(|l| l.contains("app.kubernetes.io/name") && l.contains(name)) {
                missing.push(format!("{policy}: the network policy must let {name} in"));
            }
        }
    }
    assert!(missing.is_empty(), "files out of step with modal::services():\n{}", missing.join("\n"));
}

#[test]
fn ports_and_names_are_distinct_and_callers_start_after_what_they_call() {
    let services = modal::services();
    for (i, def) in services.iter().enumerate() {
        assert!(services[..i].iter().all(|d| d.name != def.name && d.port != def.port), "{} repeats", def.name);
        for peer in def.peers {
            assert!(services[..i].iter().any(|d| d.name == *peer), "{} calls {peer}, which must come first", def.name);
        }
    }
}
