//! What docker compose does to the loaded model before printing it (compose-go's
//! `ModelToProject` and docker compose's `ToProject`): profiles turn services off, the
//! consistency checks run, services' `env_file`s and `label_file`s are read into
//! `environment` and `labels`, the services named on the command line (with what they
//! depend on) are kept. (Dropping the resources no kept service uses is the output's:
//! [`super::output::without_unused_resources`].)

use std::collections::BTreeMap;

use super::consistency::{Services, check_consistency};
use super::dotenv;
use super::go_format::sprint;
use super::load::Loader;
use super::problem::{DuplicateContainerName, LoadError, Place};
use super::tree;
use crate::yaml::{Entry, Node, Value};

/// Finishes `model` for the `profiles` and `selected` services.
pub fn finish(
    loader: &mut Loader<'_>,
    model: &mut Node,
    profiles: &[String],
    selected: &[String],
    environment: &BTreeMap<String, String>,
) -> Result<(), LoadError> {
    let mut profiles = profiles.to_vec();
    // Naming a service turns on the profiles it needs.
    if let Some(services) = model.get("services").and_then(Node::as_mapping) {
        for name in selected {
            if let Some(service) = services
                .iter()
                .find(|entry| entry.key.as_str() == Some(name))
                && !has_profile(&service.value, &profiles)
            {
                profiles.extend(tree::item_texts(service.value.get("profiles")));
            }
        }
    }
    let (enabled, disabled) = split_by_profiles(model, &profiles);
    check_consistency(
        model,
        &Services {
            enabled: enabled.iter().collect(),
            disabled: disabled.iter().collect(),
        },
    )?;
    let mut enabled = enabled;
    for service in &mut enabled {
        mirror_scale(&mut service.value);
        resolve_env_files(loader, &mut service.value, environment)?;
        resolve_label_files(loader, &mut service.value)?;
    }
    let enabled = select_services(enabled, selected)?;
    check_container_names(&enabled)?;
    let origin = model.clone();
    tree::set(model, "services", made_mapping(enabled, &origin));
    Ok(())
}

fn made_mapping(entries: Vec<Entry>, origin: &Node) -> Node {
    tree::made(Value::Mapping(entries), origin)
}

/// compose-go's `HasProfile`: no profiles, `*`, or one of the service's.
fn has_profile(service: &Node, profiles: &[String]) -> bool {
    let own = tree::item_texts(service.get("profiles"));
    own.is_empty()
        || profiles
            .iter()
            .any(|profile| profile == "*" || own.contains(profile))
}

fn split_by_profiles(model: &Node, profiles: &[String]) -> (Vec<Entry>, Vec<Entry>) {
    model
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .cloned()
        .partition(|entry| has_profile(&entry.value, profiles))
}

/// compose-go's consistency check leaves `scale` in `deploy.replicas` when the service
/// has a `deploy` section.
fn mirror_scale(service: &mut Node) {
    let Some(scale) = service.get("scale").cloned() else {
        return;
    };
    if let Some(deploy) = tree::get_mut(service, "deploy")
        && matches!(deploy.value, Value::Mapping(_))
    {
        tree::set(deploy, "replicas", scale);
    }
}

/// A service's environment as name and value (`None`: unset), from either form.
fn environment_entries(node: Option<&Node>) -> Vec<(String, Option<String>)> {
    match node.map(|node| &node.value) {
        Some(Value::Mapping(entries)) => entries
            .iter()
            .map(|entry| {
                let value = (!entry.value.is_null()).then(|| sprint(&entry.value.value));
                (sprint(&entry.key.value), value)
            })
            .collect(),
        Some(Value::Sequence(items)) => items
            .iter()
            .map(|item| {
                let text = sprint(&item.value);
                match text.split_once('=') {
                    Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
                    None => (text, None),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// compose-go's `WithServicesEnvironmentResolved`: unset names from the project's
/// environment, then each `env_file` under them (the service's own entries win), and the
/// `env_file` list dropped.
fn resolve_env_files(
    loader: &mut Loader<'_>,
    service: &mut Node,
    environment: &BTreeMap<String, String>,
) -> Result<(), LoadError> {
    let mut own = environment_entries(service.get("environment"));
    for (key, value) in &mut own {
        if value.is_none() {
            *value = environment.get(key).cloned();
        }
    }
    let mut merged: BTreeMap<String, Option<String>> = BTreeMap::new();
    for env_file in service
        .get("env_file")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
    {
        let path = env_file
            .get("path")
            .map(|path| sprint(&path.value))
            .unwrap_or_default();
        let required = env_file.get("required").map(|r| &r.value) != Some(&Value::Bool(false));
        let format = env_file.get("format").map(|format| sprint(&format.value));
        let Some(text) = loader.read_source(&path) else {
            if required {
                return Err(LoadError::at(
                    format!("env file {path} not found: stat {path}: no such file or directory"),
                    env_file,
                ));
            }
            continue;
        };
        let lookup = |name: &str| {
            environment.get(name).cloned().or_else(|| {
                own.iter()
                    .find(|(key, _)| key == name)
                    .and_then(|(_, value)| value.clone())
            })
        };
        let entries = match format.as_deref() {
            None | Some("") => dotenv::parse(&text, &lookup),
            Some("raw") => dotenv::parse_raw(&text, &lookup),
            Some(other) => {
                return Err(LoadError::at(
                    dotenv::unsupported_format_message(other),
                    env_file,
                ));
            }
        }
        .map_err(|error| LoadError::at(error.in_file(&path), env_file))?;
        for entry in entries {
            if let Some(value) = entry.value {
                merged.insert(entry.key, Some(value));
            }
        }
    }
    for (key, value) in own {
        merged.insert(key, value);
    }
    let origin = service.clone();
    tree::remove(service, "env_file");
    if merged.is_empty() && service.get("environment").is_none() {
        return Ok(());
    }
    let entries = merged
        .into_iter()
        .map(|(key, value)| {
            let value = match value {
                Some(value) => tree::string(value, &origin),
                None => tree::made(Value::Null, &origin),
            };
            (key, value)
        })
        .collect();
    tree::set(service, "environment", tree::mapping(entries, &origin));
    Ok(())
}

/// compose-go's `WithServicesLabelsResolved`: each `label_file`, then the service's own
/// labels over them; the list dropped.
fn resolve_label_files(loader: &mut Loader<'_>, service: &mut Node) -> Result<(), LoadError> {
    let Some(files) = tree::remove(service, "label_file") else {
        return Ok(());
    };
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    for file in files.as_sequence().unwrap_or_default() {
        let path = sprint(&file.value);
        let Some(text) = loader.read_source(&path) else {
            return Err(LoadError::at(
                format!("label file {path} not found: stat {path}: no such file or directory"),
                file,
            ));
        };
        let lookup = |name: &str| labels.get(name).cloned();
        let entries = dotenv::parse(&text, &lookup)
            .map_err(|error| LoadError::at(error.in_file(&path), file))?;
        for entry in entries {
            if let Some(value) = entry.value {
                labels.insert(entry.key, value);
            }
        }
    }
    for (key, value) in environment_entries(service.get("labels")) {
        labels.insert(key, value.unwrap_or_default());
    }
    if !labels.is_empty() {
        let entries = labels
            .into_iter()
            .map(|(key, value)| (key, tree::string(value, &files)))
            .collect();
        tree::set(service, "labels", tree::mapping(entries, &files));
    }
    Ok(())
}

/// docker compose's `WithSelectedServices`: the named services and what they depend on;
/// their dependencies on anything else are dropped.
fn select_services(enabled: Vec<Entry>, selected: &[String]) -> Result<Vec<Entry>, LoadError> {
    if selected.is_empty() {
        return Ok(enabled);
    }
    let mut kept: Vec<String> = Vec::new();
    let mut pending: Vec<String> = selected.to_vec();
    while let Some(name) = pending.pop() {
        if kept.contains(&name) {
            continue;
        }
        let Some(service) = enabled
            .iter()
            .find(|entry| entry.key.as_str() == Some(&name))
        else {
            return Err(LoadError::new(format!("no such service: {name}"), None));
        };
        for dependency in service
            .value
            .get("depends_on")
            .and_then(Node::as_mapping)
            .unwrap_or_default()
        {
            pending.push(sprint(&dependency.key.value));
        }
        kept.push(name);
    }
    Ok(enabled
        .into_iter()
        .filter(|entry| kept.iter().any(|name| entry.key.as_str() == Some(name)))
        .map(|mut entry| {
            if let Some(Value::Mapping(dependencies)) =
                tree::get_mut(&mut entry.value, "depends_on").map(|node| &mut node.value)
            {
                dependencies.retain(|dependency| {
                    kept.iter()
                        .any(|name| dependency.key.as_str() == Some(name))
                });
            }
            entry
        })
        .collect())
}

/// compose-go's `CheckContainerNameUnicity`, its odd message included; the error is at the
/// later service's name and says which service has it first.
fn check_container_names(enabled: &[Entry]) -> Result<(), LoadError> {
    let mut seen: Vec<(&str, &Entry, &Node)> = Vec::new();
    for entry in enabled {
        let Some(node) = entry.value.get("container_name") else {
            continue;
        };
        let Some(name) = node.as_str().filter(|name| !name.is_empty()) else {
            continue;
        };
        if let Some((_, first, first_node)) = seen.iter().find(|(seen, ..)| *seen == name) {
            let mut error = LoadError::at(
                format!(
                    "services.{}: container name {name:?} is already in use by service {{}}\"",
                    sprint(&entry.key.value)
                ),
                node,
            );
            error.duplicate_container_name = Some(Box::new(DuplicateContainerName {
                name: name.to_owned(),
                service: sprint(&entry.key.value),
                first: sprint(&first.key.value),
                first_place: Place::of(first_node),
            }));
            return Err(error);
        }
        seen.push((name, entry, node));
    }
    Ok(())
}
