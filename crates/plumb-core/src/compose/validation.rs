//! compose-go's checks on the merged model after the schema (`validation.Validate`): an
//! external volume with other settings, configs and secrets with no or several sources, port
//! host IPs, blank watch paths, GPU requests with both a count and device ids.

use super::problem::LoadError;
use super::tree::{ITEM, TreePath};
use crate::yaml::{Node, Value};

type Check = fn(&Node, &TreePath) -> Result<(), LoadError>;

const CHECKS: &[(&str, Check)] = &[
    ("volumes.*", check_volume),
    ("configs.*", check_config),
    ("secrets.*", check_secret),
    ("services.*.ports.*", check_host_ip),
    ("services.*.develop.watch.*.path", check_watch_path),
    (
        "services.*.deploy.resources.reservations.devices.*",
        check_device_request,
    ),
    ("services.*.gpus.*", check_device_request),
];

pub fn validate(model: &Node) -> Result<(), LoadError> {
    check(model, &TreePath::root())
}

fn check(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    if let Some((_, check)) = CHECKS.iter().find(|(pattern, _)| path.matches(pattern)) {
        return check(node, path);
    }
    match &node.value {
        Value::Mapping(entries) => entries
            .iter()
            .try_for_each(|entry| match entry.key.as_str() {
                Some(key) => check(&entry.value, &path.next(key)),
                None => Ok(()),
            }),
        Value::Sequence(items) => {
            let next = path.next(ITEM);
            items.iter().try_for_each(|item| check(item, &next))
        }
        _ => Ok(()),
    }
}

fn check_volume(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    let Some(entries) = node.as_mapping() else {
        return Ok(());
    };
    if node.get("external").map(|external| &external.value) != Some(&Value::Bool(true)) {
        return Ok(());
    }
    for entry in entries {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        if key != "name" && key != "external" && !key.starts_with("x-") {
            return Err(LoadError::at(
                format!("{path}: conflicting parameters \"external\" and {key:?} specified"),
                &entry.key,
            ));
        }
    }
    Ok(())
}

fn check_sources(node: &Node, path: &TreePath, keys: &[&str]) -> Result<(), LoadError> {
    let count = keys.iter().filter(|key| node.get(key).is_some()).count();
    let listed = keys.join("|");
    if count > 1 {
        return Err(LoadError::at(
            format!("{path}: {listed} attributes are mutually exclusive"),
            node,
        ));
    }
    if count == 0 && node.get("driver").is_none() && node.get("external").is_none() {
        return Err(LoadError::at(
            format!("{path}: one of {listed} must be set"),
            node,
        ));
    }
    Ok(())
}

fn check_config(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    check_sources(node, path, &["file", "environment", "content"])
}

fn check_secret(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    check_sources(node, path, &["file", "environment"])
}

fn check_host_ip(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    let Some(host_ip) = node.get("host_ip") else {
        return Ok(());
    };
    let text = host_ip.as_str().unwrap_or_default();
    if text.parse::<std::net::IpAddr>().is_err() {
        return Err(LoadError::at(
            format!("{path}: invalid ip address: {text}"),
            host_ip,
        ));
    }
    Ok(())
}

fn check_watch_path(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    if node.as_str() == Some("") {
        return Err(LoadError::at(format!("{path}: value can't be blank"), node));
    }
    Ok(())
}

fn check_device_request(node: &Node, path: &TreePath) -> Result<(), LoadError> {
    if node.get("count").is_some() && node.get("device_ids").is_some() {
        return Err(LoadError::at(
            format!("{path}: \"count\" and \"device_ids\" attributes are exclusive"),
            node,
        ));
    }
    Ok(())
}
