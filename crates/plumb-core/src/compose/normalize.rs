//! compose-go's `Normalize`: the implicit `default` network, `if_not_present` as `missing`,
//! a build's default context and Dockerfile, bare `KEY` build args and environment entries
//! from the environment, the dependencies `links`, `network_mode: service:…`, `volumes_from`
//! and the other shared namespaces imply, clean mount targets, and every network, volume,
//! secret and config named `<project>_<key>` unless it has a name (or is external).

use std::collections::BTreeMap;

use super::go_format::sprint;
use super::posix_path as path;
use super::tree;
use crate::yaml::{Node, Value};

pub fn normalize(model: &mut Node, environment: &BTreeMap<String, String>) {
    normalize_networks(model);
    if let Some(services) = tree::get_mut(model, "services").and_then(tree::entries_mut) {
        for service in services {
            normalize_service(&mut service.value, environment);
        }
    }
    name_resources(model);
}

fn normalize_networks(model: &mut Node) {
    let mut uses_default = false;
    if let Some(services) = tree::get_mut(model, "services").and_then(tree::entries_mut) {
        for service in services {
            let service = &mut service.value;
            if service.get("provider").is_some() || service.get("network_mode").is_some() {
                continue;
            }
            let declared = service.get("networks").map(|networks| {
                let names = networks.as_mapping().map_or(0, <[_]>::len);
                (names, networks.get("default").is_some())
            });
            match declared {
                None | Some((0, _)) => {
                    let default = tree::mapping(
                        vec![("default".to_owned(), tree::made(Value::Null, service))],
                        service,
                    );
                    tree::set(service, "networks", default);
                    uses_default = true;
                }
                Some((_, has_default)) => uses_default |= has_default,
            }
        }
    }
    let has_networks = model.get("networks").is_some();
    if uses_default
        && model
            .get("networks")
            .and_then(|networks| networks.get("default"))
            .is_none()
    {
        if !has_networks {
            let empty = tree::mapping(Vec::new(), model);
            tree::set(model, "networks", empty);
        }
        let origin = model.clone();
        if let Some(networks) = tree::get_mut(model, "networks") {
            tree::set(networks, "default", tree::made(Value::Null, &origin));
        }
    }
}

/// The dependency compose-go adds for a service another one shares something with.
fn implied_dependency(origin: &Node, restart: bool) -> Node {
    tree::mapping(
        vec![
            (
                "condition".to_owned(),
                tree::string("service_started", origin),
            ),
            (
                "restart".to_owned(),
                tree::made(Value::Bool(restart), origin),
            ),
            ("required".to_owned(), tree::made(Value::Bool(true), origin)),
        ],
        origin,
    )
}

fn normalize_service(service: &mut Node, environment: &BTreeMap<String, String>) {
    if service.get("pull_policy").and_then(Node::as_str) == Some("if_not_present") {
        let missing = tree::string("missing", service);
        tree::set(service, "pull_policy", missing);
    }
    let origin = service.clone();
    if let Some(build) = tree::get_mut(service, "build")
        && matches!(build.value, Value::Mapping(_))
    {
        if build.get("context").is_none_or(Node::is_null) {
            tree::set(build, "context", tree::string(".", &origin));
        }
        let no_dockerfile = build.get("dockerfile").is_none_or(Node::is_null)
            && build.get("dockerfile_inline").is_none_or(Node::is_null);
        if no_dockerfile {
            tree::set(build, "dockerfile", tree::string("Dockerfile", &origin));
        }
        if let Some(args) = tree::get_mut(build, "args") {
            resolve_variables(args, environment, false);
        }
    }
    if let Some(variables) = tree::get_mut(service, "environment") {
        resolve_variables(variables, environment, true);
    }

    let mut implied: Vec<(String, Node)> = Vec::new();
    let mut imply = |name: &str, restart: bool| {
        if !implied.iter().any(|(existing, _)| existing == name) {
            implied.push((name.to_owned(), implied_dependency(&origin, restart)));
        }
    };
    for link in origin
        .get("links")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
    {
        let text = link.as_str().unwrap_or_default();
        let parts: Vec<&str> = text.split(':').collect();
        imply(if parts.len() == 2 { parts[0] } else { text }, true);
    }
    for namespace in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
        if let Some(shared) = origin
            .get(namespace)
            .and_then(Node::as_str)
            .and_then(|reference| reference.strip_prefix("service:"))
        {
            imply(shared, true);
        }
    }
    for source in origin
        .get("volumes_from")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
    {
        let text = source.as_str().unwrap_or_default();
        if !text.starts_with("container:") {
            imply(text.split(':').next().unwrap_or(text), false);
        }
    }
    if !implied.is_empty() {
        if service.get("depends_on").is_none() {
            tree::set(service, "depends_on", tree::mapping(Vec::new(), &origin));
        }
        if let Some(depends_on) = tree::get_mut(service, "depends_on") {
            for (name, dependency) in implied {
                if depends_on.get(&name).is_none() {
                    tree::set(depends_on, &name, dependency);
                }
            }
        }
    }

    if let Some(Value::Sequence(volumes)) =
        tree::get_mut(service, "volumes").map(|volumes| &mut volumes.value)
    {
        for volume in volumes {
            if let Some(target) = tree::get_mut(volume, "target")
                && let Value::String(text) = &mut target.value
            {
                *text = path::clean(text);
            }
        }
    }
}

/// compose-go's `resolve`: a bare `KEY` (a list entry without `=`, or a mapping entry with
/// no value) takes the variable's value; unknown ones stay only in `environment`.
fn resolve_variables(node: &mut Node, environment: &BTreeMap<String, String>, keep_unknown: bool) {
    match &mut node.value {
        Value::Sequence(items) => items.retain_mut(|item| {
            let Some(text) = item.as_str() else {
                return false;
            };
            if text.contains('=') {
                return true;
            }
            match environment.get(text) {
                Some(value) => {
                    item.value = Value::String(format!("{text}={value}"));
                    true
                }
                None => keep_unknown,
            }
        }),
        Value::Mapping(entries) => entries.retain_mut(|entry| {
            if !entry.value.is_null() {
                return true;
            }
            let found = entry.key.as_str().and_then(|key| environment.get(key));
            match found {
                Some(value) => {
                    entry.value = tree::string(value.clone(), &entry.value);
                    true
                }
                None => keep_unknown,
            }
        }),
        _ => {}
    }
}

fn name_resources(model: &mut Node) {
    let project = model
        .get("name")
        .map(|name| sprint(&name.value))
        .unwrap_or_default();
    for kind in ["networks", "volumes", "configs", "secrets"] {
        let Some(resources) = tree::get_mut(model, kind).and_then(tree::entries_mut) else {
            continue;
        };
        for resource in resources {
            let key = resource.key.as_str().unwrap_or_default().to_owned();
            if resource.value.is_null() {
                resource.value = tree::mapping(Vec::new(), &resource.key);
            }
            if resource
                .value
                .get("name")
                .is_some_and(|name| !name.is_null())
            {
                continue;
            }
            let external = resource.value.get("external").is_some_and(|external| {
                super::load::parse_go_bool(&sprint(&external.value)) == Some(true)
            });
            let name = if external {
                key
            } else {
                format!("{project}_{key}")
            };
            let name = tree::string(name, &resource.key);
            tree::set(&mut resource.value, "name", name);
        }
    }
}
