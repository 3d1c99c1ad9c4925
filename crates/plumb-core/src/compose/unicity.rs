//! compose-go's `EnforceUnicity`: in the sequences where an entry stands for something with
//! an identity (a mount's target, a port binding, an environment variable's name…), a
//! later entry with the same identity replaces the earlier one, in the earlier one's place.
//! This applies within one file too: two mounts on `/data` keep the last, silently.

use super::go_format::sprint;
use super::problem::LoadError;
use super::tree::TreePath;
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;

/// How an entry of a sequence is identified, or why it cannot be.
type Identity = fn(&Node, &TreePath) -> Result<String, LoadError>;

const IDENTITIES: &[(&str, Identity)] = &[
    ("networks.*.labels", key_of_key_value),
    ("networks.*.ipam.options", key_of_key_value),
    ("services.*.annotations", key_of_key_value),
    ("services.*.build.args", key_of_key_value),
    ("services.*.build.additional_contexts", key_of_key_value),
    ("services.*.build.platform", key_of_key_value),
    ("services.*.build.tags", key_of_key_value),
    ("services.*.build.labels", key_of_key_value),
    ("services.*.cap_add", key_of_key_value),
    ("services.*.cap_drop", key_of_key_value),
    ("services.*.configs", config_target),
    ("services.*.deploy.labels", key_of_key_value),
    ("services.*.dns", key_of_key_value),
    ("services.*.dns_opt", key_of_key_value),
    ("services.*.dns_search", key_of_key_value),
    ("services.*.environment", key_of_key_value),
    ("services.*.env_file", env_file_path),
    ("services.*.expose", exposed_port),
    ("services.*.labels", key_of_key_value),
    ("services.*.links", key_of_key_value),
    ("services.*.networks.*.aliases", key_of_key_value),
    ("services.*.networks.*.link_local_ips", key_of_key_value),
    ("services.*.ports", port_binding),
    ("services.*.profiles", key_of_key_value),
    ("services.*.secrets", secret_target),
    ("services.*.sysctls", key_of_key_value),
    ("services.*.tmpfs", key_of_key_value),
    ("services.*.volumes", volume_target),
    ("services.*.devices", device_target),
];

/// Collapses entries with the same identity throughout the model.
pub fn enforce_unicity(model: &mut Node) -> Result<(), LoadError> {
    walk(model, &TreePath::root())
}

fn walk(node: &mut Node, path: &TreePath) -> Result<(), LoadError> {
    match &mut node.value {
        Value::Mapping(entries) => {
            for entry in entries {
                let Some(key) = entry.key.as_str() else {
                    continue;
                };
                let next = path.next(key);
                walk(&mut entry.value, &next)?;
            }
        }
        Value::Sequence(items) => {
            let Some((_, identity)) = IDENTITIES.iter().find(|(pattern, _)| path.matches(pattern))
            else {
                return Ok(());
            };
            // Each identity's place among the kept entries: a lookup per entry, so a long
            // sequence (or many copies of one, through aliases) costs no more than its length.
            let mut places: BTreeMap<String, usize> = BTreeMap::new();
            let mut kept: Vec<Node> = Vec::with_capacity(items.len());
            for (index, item) in std::mem::take(items).into_iter().enumerate() {
                let key = identity(&item, &path.next(&format!("[{index}]")))?;
                match places.get(&key) {
                    Some(&place) => kept[place] = item,
                    None => {
                        places.insert(key, kept.len());
                        kept.push(item);
                    }
                }
            }
            *items = kept;
        }
        _ => {}
    }
    Ok(())
}

fn unexpected(path: &TreePath, node: &Node) -> LoadError {
    LoadError::at(
        format!(
            "{path}: unexpected type {}",
            super::tree::go_type(&node.value)
        ),
        node,
    )
}

/// `KEY=VALUE` or `KEY`: the key.
fn key_of_key_value(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    let text = node.as_str().ok_or_else(|| unexpected(path, node))?;
    Ok(text.split_once('=').map_or(text, |(key, _)| key).to_owned())
}

/// A long-syntax entry's `target`, which it must have.
fn mapping_target(node: &Node, path: &TreePath, what: &str) -> Result<String, LoadError> {
    node.get("target")
        .and_then(Node::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            LoadError::at(
                format!("service {what} {path} is missing a mount target"),
                node,
            )
        })
}

fn volume_target(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    match &node.value {
        Value::Mapping(_) => mapping_target(node, path, "volume"),
        Value::String(spec) => super::canonical::parse_volume(spec)
            .map(|volume| volume.target)
            .map_err(|message| LoadError::at(message, node)),
        _ => Ok(String::new()),
    }
}

fn device_target(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    match &node.value {
        Value::Mapping(_) => mapping_target(node, path, "device"),
        Value::String(spec) => {
            let parts: Vec<&str> = spec.split(':').collect();
            Ok(parts.get(1).copied().unwrap_or(parts[0]).to_owned())
        }
        _ => Ok(String::new()),
    }
}

fn exposed_port(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    match &node.value {
        Value::String(text) => Ok(text.clone()),
        Value::Int(port) => Ok(port.to_string()),
        _ => Err(LoadError::at(
            format!("{path}: unsupported expose value {}", sprint(&node.value)),
            node,
        )),
    }
}

fn mount_target(
    node: &Node,
    path: &TreePath,
    default_directory: &str,
) -> Result<String, LoadError> {
    match &node.value {
        Value::String(source) => Ok(format!("{default_directory}/{source}")),
        Value::Mapping(_) => match node.get("target") {
            Some(target) => Ok(sprint(&target.value)),
            None => Ok(format!(
                "{default_directory}/{}",
                node.get("source")
                    .map_or("%!s(<nil>)".to_owned(), |source| sprint(&source.value))
            )),
        },
        _ => Err(LoadError::at(
            format!("{path}: unsupported expose value {}", sprint(&node.value)),
            node,
        )),
    }
}

fn secret_target(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    mount_target(node, path, "/run/secrets")
}

fn config_target(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    mount_target(node, path, "")
}

/// A long-syntax port by `host_ip:published:target/protocol` (defaults `0.0.0.0`, `tcp`),
/// a short one by its text, so `80:80` and `0.0.0.0:80:80` only meet once canonical.
fn port_binding(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    match &node.value {
        Value::Int(port) => Ok(port.to_string()),
        Value::String(text) => Ok(text.clone()),
        Value::Mapping(_) => {
            let Some(target) = node.get("target") else {
                return Err(LoadError::at(
                    format!("service ports {path} is missing a target port"),
                    node,
                ));
            };
            // Go's `%s` of a missing value or a number prints a marker; only equality
            // matters here.
            let text = |key: &str, default: &str| match node.get(key) {
                Some(value) => match &value.value {
                    Value::String(text) => text.clone(),
                    other => format!("%!s({})", sprint(other)),
                },
                None if default.is_empty() => "%!s(<nil>)".to_owned(),
                None => default.to_owned(),
            };
            Ok(format!(
                "{}:{}:{}/{}",
                text("host_ip", "0.0.0.0"),
                text("published", ""),
                sprint(&target.value),
                text("protocol", "tcp")
            ))
        }
        _ => Ok(String::new()),
    }
}

fn env_file_path(node: &Node, path: &TreePath) -> Result<String, LoadError> {
    match &node.value {
        Value::String(text) => Ok(text.clone()),
        Value::Mapping(_) => node
            .get("path")
            .map(|value| sprint(&value.value))
            .ok_or_else(|| {
                LoadError::at(
                    format!("environment path attribute {path} is missing"),
                    node,
                )
            }),
        _ => Ok(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(yaml: &str) -> Vec<String> {
        let mut model = crate::yaml::parse(yaml).unwrap().remove(0);
        enforce_unicity(&mut model).unwrap();
        model
            .get("services")
            .and_then(|services| services.get("app"))
            .and_then(|app| app.get("environment"))
            .and_then(Node::as_sequence)
            .unwrap()
            .iter()
            .map(|item| item.as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn a_later_entry_replaces_an_earlier_one_in_its_place() {
        assert_eq!(
            environment("services:\n  app:\n    environment: [A=1, B=2, A=3, C, B]\n"),
            ["A=3", "B", "C"]
        );
    }

    /// A fuzzed file with long lists copied by aliases once took minutes here, comparing
    /// each entry with every one kept before it.
    #[test]
    fn long_sequences_are_collapsed_entry_by_entry() {
        let entries: Vec<String> = (0..20_000)
            .map(|index| format!("V{index}={index}"))
            .collect();
        let yaml = format!(
            "services:\n  app:\n    environment: [{}, V7=last]\n",
            entries.join(", ")
        );
        let collapsed = environment(&yaml);
        assert_eq!(collapsed.len(), 20_000);
        assert_eq!(collapsed[7], "V7=last");
    }
}
