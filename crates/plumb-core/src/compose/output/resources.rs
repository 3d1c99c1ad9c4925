//! compose-go's `Project.WithoutUnnecessaryResources`, which docker compose applies to
//! every project it loads (unless `--all`): the top-level networks, volumes, secrets,
//! configs and models that no service uses are left out.

use crate::compose::tree;
use crate::yaml::{Entry, Node, Value};
use std::collections::BTreeSet;

/// The bound project with only the resources its services use.
pub fn without_unused_resources(bound: &Node) -> Node {
    let used = Used::by_services(bound);
    let mut project = bound.clone();
    for (resource, names) in [
        ("networks", &used.networks),
        ("volumes", &used.volumes),
        ("secrets", &used.secrets),
        ("configs", &used.configs),
        ("models", &used.models),
    ] {
        if let Some(Value::Mapping(entries)) =
            tree::get_mut(&mut project, resource).map(|node| &mut node.value)
        {
            entries.retain(|entry| entry.key.as_str().is_some_and(|name| names.contains(name)));
        }
    }
    project
}

/// The names of the resources the services refer to.
#[derive(Default)]
struct Used {
    networks: BTreeSet<String>,
    volumes: BTreeSet<String>,
    secrets: BTreeSet<String>,
    configs: BTreeSet<String>,
    models: BTreeSet<String>,
}

impl Used {
    fn by_services(bound: &Node) -> Self {
        let mut used = Self::default();
        let services = bound
            .get("services")
            .and_then(Node::as_mapping)
            .unwrap_or_default();
        for service in services.iter().map(|entry| &entry.value) {
            used.networks.extend(keys(service.get("networks")));
            used.models.extend(keys(service.get("models")));
            // Only named volumes are resources; binds and anonymous volumes are not.
            for volume in items(service.get("volumes")) {
                let source = volume
                    .get("source")
                    .and_then(Node::as_str)
                    .unwrap_or_default();
                if volume.get("type").and_then(Node::as_str) == Some("volume") && !source.is_empty()
                {
                    used.volumes.insert(source.to_owned());
                }
            }
            let build_secrets = service.get("build").and_then(|build| build.get("secrets"));
            for reference in items(service.get("secrets")).chain(items(build_secrets)) {
                used.secrets.insert(source(reference));
            }
            for reference in items(service.get("configs")) {
                used.configs.insert(source(reference));
            }
        }
        used
    }
}

fn keys(mapping: Option<&Node>) -> impl Iterator<Item = String> + '_ {
    mapping
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry: &Entry| entry.key.as_str().map(str::to_owned))
}

fn items(sequence: Option<&Node>) -> impl Iterator<Item = &Node> {
    sequence
        .and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
}

/// A secret's or config's `source`, empty when unset (Go's zero value).
fn source(reference: &Node) -> String {
    let source = reference.get("source").and_then(Node::as_str);
    source.unwrap_or_default().to_owned()
}
