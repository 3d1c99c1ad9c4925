//! compose-go's `checkConsistency`, run on the enabled services once profiles are applied:
//! what every service needs (an image, a build or a provider), references to undeclared
//! networks, volumes, secrets, configs and models, to unknown services, mutually exclusive
//! settings, values that must agree, mounts on one target, and `depends_on` cycles.
//! Services are checked in name order (compose-go's map order is random).

use std::collections::BTreeSet;

use super::go_format::sprint;
use super::problem::LoadError;
use super::tree;
use crate::go_units;
use crate::yaml::{Entry, Node, Value};

const INVALID: &str = "invalid compose project";

/// The services in effect and those profiles turned off, by name.
pub struct Services<'a> {
    pub enabled: Vec<&'a Entry>,
    pub disabled: Vec<&'a Entry>,
}

pub fn check_consistency(model: &Node, services: &Services<'_>) -> Result<(), LoadError> {
    let declared = |kind: &str, name: &str| {
        model
            .get(kind)
            .and_then(|resources| resources.get(name))
            .is_some()
    };
    let mut enabled = services.enabled.clone();
    enabled.sort_by_key(|entry| entry.key.as_str().unwrap_or_default().to_owned());
    let enabled_service = |name: &str| {
        enabled
            .iter()
            .find(|entry| entry.key.as_str() == Some(name))
    };
    for entry in &enabled {
        let name = entry.key.as_str().unwrap_or_default();
        let service = &entry.value;
        let fail = |message: String| Err(LoadError::at(message, service));
        let build = service.get("build");
        let image = service
            .get("image")
            .and_then(Node::as_str)
            .unwrap_or_default();
        if build.is_none() && image.is_empty() && service.get("provider").is_none() {
            return fail(format!(
                "service {name:?} has neither an image nor a build context specified: {INVALID}"
            ));
        }
        if let Some(build) = build {
            let text = |key: &str| build.get(key).and_then(Node::as_str).unwrap_or_default();
            if !text("dockerfile_inline").is_empty() && !text("dockerfile").is_empty() {
                return fail(format!(
                    "service {name:?} declares mutualy exclusive dockerfile and dockerfile_inline: {INVALID}"
                ));
            }
            for context in build
                .get("additional_contexts")
                .and_then(Node::as_mapping)
                .unwrap_or_default()
            {
                let Some(target) = context
                    .value
                    .as_str()
                    .and_then(|c| c.strip_prefix("service:"))
                else {
                    continue;
                };
                let added = sprint(&context.key.value);
                match enabled_service(target) {
                    None => {
                        return fail(format!(
                            "service {name:?} declares unknown service {target:?} as additional contexts {added}"
                        ));
                    }
                    Some(other) if other.value.get("build").is_none() => {
                        return fail(format!(
                            "service {name:?} declares non-buildable service {target:?} as additional contexts {added}"
                        ));
                    }
                    Some(_) => {}
                }
            }
            let platform = service
                .get("platform")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let platforms = tree::item_texts(build.get("platforms"));
            if !platforms.is_empty()
                && !platform.is_empty()
                && !platforms.iter().any(|p| p == platform)
            {
                return fail(format!(
                    "service.build.platforms MUST include service.platform {platform:?}: {INVALID}"
                ));
            }
        }
        let network_mode = service
            .get("network_mode")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let networks: Vec<String> = tree::key_texts(service.get("networks"));
        if !network_mode.is_empty() && !networks.is_empty() {
            return fail(format!(
                "service {name} declares mutually exclusive `network_mode` and `networks`: {INVALID}"
            ));
        }
        for network in &networks {
            if !declared("networks", network) {
                return fail(format!(
                    "service {name:?} refers to undefined network {network}: {INVALID}"
                ));
            }
        }
        if let Some(first) = service
            .get("healthcheck")
            .and_then(|healthcheck| healthcheck.get("test"))
            .and_then(Node::as_sequence)
            .and_then(<[_]>::first)
            .and_then(Node::as_str)
            && !matches!(first, "CMD" | "CMD-SHELL" | "NONE")
        {
            return fail(
                r#"healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE""#.to_owned(),
            );
        }
        for dependency in service
            .get("depends_on")
            .and_then(Node::as_mapping)
            .unwrap_or_default()
        {
            let dependency_name = dependency.key.as_str().unwrap_or_default();
            if enabled_service(dependency_name).is_some() {
                continue;
            }
            let disabled = services
                .disabled
                .iter()
                .any(|entry| entry.key.as_str() == Some(dependency_name));
            let required =
                dependency.value.get("required").map(|r| &r.value) != Some(&Value::Bool(false));
            if disabled && !required {
                continue;
            }
            return fail(format!(
                "service {name:?} depends on undefined service {dependency_name:?}: {INVALID}"
            ));
        }
        if let Some(shared) = network_mode.strip_prefix("service:")
            && enabled_service(shared).is_none()
        {
            return fail(format!(
                "service {shared:?} not found for network_mode 'service:{shared}'"
            ));
        }
        for source in tree::named_volume_sources(service) {
            if !declared("volumes", &source) {
                return fail(format!(
                    "service {name:?} refers to undefined volume {source}: {INVALID}"
                ));
            }
        }
        for secret in tree::mount_sources(build.and_then(|build| build.get("secrets"))) {
            if !declared("secrets", &secret) {
                return fail(format!(
                    "service {name:?} refers to undefined build secret {secret}: {INVALID}"
                ));
            }
        }
        for config in tree::mount_sources(service.get("configs")) {
            if !declared("configs", &config) {
                return fail(format!(
                    "service {name:?} refers to undefined config {config}: {INVALID}"
                ));
            }
        }
        for model_name in tree::key_texts(service.get("models")) {
            if !declared("models", &model_name) {
                return fail(format!(
                    "service {name:?} refers to undefined model {model_name}: {INVALID}"
                ));
            }
        }
        for secret in tree::mount_sources(service.get("secrets")) {
            if !declared("secrets", &secret) {
                return fail(format!(
                    "service {name:?} refers to undefined secret {secret}: {INVALID}"
                ));
            }
        }
        check_agreements(name, service)?;
        check_mounts(name, service)?;
    }
    for secret in model
        .get("secrets")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
    {
        let value = &secret.value;
        let external =
            value.get("external").map(|external| &external.value) == Some(&Value::Bool(true));
        let text = |key: &str| value.get(key).and_then(Node::as_str).unwrap_or_default();
        if !external && text("file").is_empty() && text("environment").is_empty() {
            return Err(LoadError::at(
                format!(
                    "secret {:?} must declare either `file` or `environment`: {INVALID}",
                    sprint(&secret.key.value)
                ),
                value,
            ));
        }
    }
    check_cycles(&enabled)
}

fn integer(node: Option<&Node>) -> Option<i128> {
    match &node?.value {
        Value::Int(value) => Some(*value),
        Value::Float(value) => Some(*value as i128),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

fn float(node: Option<&Node>) -> Option<f64> {
    match &node?.value {
        Value::Int(value) => Some(*value as f64),
        Value::Float(value) => Some(*value),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// A byte size as the bound field holds it (0 when absent or unreadable).
fn bytes(node: Option<&Node>) -> i64 {
    match node.map(|node| &node.value) {
        Some(Value::Int(value)) => *value as i64,
        Some(Value::String(text)) => text
            .parse::<i64>()
            .ok()
            .or_else(|| go_units::bytes::ram_in_bytes(text).ok())
            .unwrap_or(0),
        _ => 0,
    }
}

/// Settings compose lets two places give, which must then agree.
fn check_agreements(name: &str, service: &Node) -> Result<(), LoadError> {
    let fail = |message: String| Err(LoadError::at(message, service));
    let deploy = service.get("deploy");
    let scale = integer(service.get("scale"));
    let replicas = integer(deploy.and_then(|deploy| deploy.get("replicas")));
    if let (Some(scale), Some(_)) = (scale, deploy)
        && let Some(replicas) = replicas
        && scale != replicas
    {
        return fail(format!(
            "services.{name}: can't set distinct values on 'scale' and 'deploy.replicas': {INVALID}"
        ));
    }
    if scale.is_some_and(|scale| scale < 0) {
        return fail(format!(
            "services.{name}.scale: must be greater than or equal to 0"
        ));
    }
    if replicas.is_some_and(|replicas| replicas < 0) {
        return fail(format!(
            "services.{name}.deploy.replicas: must be greater than or equal to 0"
        ));
    }
    let resources = deploy.and_then(|deploy| deploy.get("resources"));
    let limits = resources.and_then(|resources| resources.get("limits"));
    let reservations = resources.and_then(|resources| resources.get("reservations"));
    let cpus = float(service.get("cpus")).unwrap_or(0.0) as f32;
    if cpus != 0.0
        && let Some(limits) = limits.filter(|_| deploy.is_some())
        && float(limits.get("cpus")).unwrap_or(0.0) as f32 != cpus
    {
        return fail(format!(
            "services.{name}: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus': {INVALID}"
        ));
    }
    let pairs = [
        (
            "mem_limit",
            limits,
            "memory",
            "deploy.resources.limits.memory",
        ),
        (
            "mem_reservation",
            reservations,
            "memory",
            "deploy.resources.reservations.memory",
        ),
    ];
    for (field, section, key, described) in pairs {
        let own = bytes(service.get(field));
        if own != 0
            && let Some(section) = section
            && bytes(section.get(key)) != own
        {
            return fail(format!(
                "services.{name}: can't set distinct values on '{field}' and '{described}': {INVALID}"
            ));
        }
    }
    let pids = integer(service.get("pids_limit")).unwrap_or(0);
    if pids != 0
        && let Some(limits) = limits
        && integer(limits.get("pids")).unwrap_or(0) != pids
    {
        return fail(format!(
            "services.{name}: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids': {INVALID}"
        ));
    }
    let effective_scale = scale.or(replicas).unwrap_or(1);
    let container_name = service
        .get("container_name")
        .and_then(Node::as_str)
        .unwrap_or_default();
    if effective_scale > 1 && !container_name.is_empty() {
        // compose-go swaps the attribute and the service name in this message.
        let attribute = if scale.is_some() {
            "scale"
        } else {
            "deploy.replicas"
        };
        return fail(format!(
            "services.{attribute}: can't set container_name and {name} as container name must be unique: {INVALID}"
        ));
    }
    for watch in service
        .get("develop")
        .and_then(|develop| develop.get("watch"))
        .and_then(Node::as_sequence)
        .unwrap_or_default()
    {
        let target = watch
            .get("target")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let action = watch
            .get("action")
            .and_then(Node::as_str)
            .unwrap_or_default();
        if target.is_empty() && action != "rebuild" && action != "restart" {
            return fail(format!(
                "services.{name}.develop.watch: target is required for non-rebuild actions: {INVALID}"
            ));
        }
    }
    Ok(())
}

/// A target mounted twice: by `tmpfs` and `volumes`, or twice in either.
fn check_mounts(name: &str, service: &Node) -> Result<(), LoadError> {
    let mut mounts: Vec<(String, String)> = Vec::new();
    let mut mount = |target: String, place: String, at: &Node| {
        if let Some((_, earlier)) = mounts.iter().find(|(existing, _)| *existing == target) {
            return Err(LoadError::at(
                format!("{place}: target {target} already mounted as {earlier}"),
                at,
            ));
        }
        mounts.push((target, place));
        Ok(())
    };
    // `tmpfs` is a string or a list until the model is bound.
    let tmpfs_entries = match service.get("tmpfs") {
        Some(node) if matches!(node.value, Value::String(_)) => std::slice::from_ref(node),
        node => node.and_then(Node::as_sequence).unwrap_or_default(),
    };
    for (index, tmpfs) in tmpfs_entries.iter().enumerate() {
        let text = sprint(&tmpfs.value);
        let target = text.split(':').next().unwrap_or_default().to_owned();
        mount(target, format!("services.{name}.tmpfs[{index}]"), tmpfs)?;
    }
    for (index, volume) in service
        .get("volumes")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let target = volume
            .get("target")
            .map(|target| sprint(&target.value))
            .unwrap_or_default();
        mount(target, format!("services.{name}.volumes[{index}]"), volume)?;
    }
    Ok(())
}

/// compose-go's `graph.CheckCycle`: a depth-first walk in name order.
fn check_cycles(enabled: &[&Entry]) -> Result<(), LoadError> {
    let dependencies = |name: &str| -> BTreeSet<String> {
        enabled
            .iter()
            .find(|entry| entry.key.as_str() == Some(name))
            .map(|entry| {
                tree::key_texts(entry.value.get("depends_on"))
                    .into_iter()
                    .collect()
            })
            .unwrap_or_default()
    };
    let known: BTreeSet<String> = enabled
        .iter()
        .filter_map(|entry| entry.key.as_str().map(str::to_owned))
        .collect();
    fn search(
        path: &mut Vec<String>,
        dependencies: &dyn Fn(&str) -> BTreeSet<String>,
        known: &BTreeSet<String>,
    ) -> Result<(), String> {
        let current = path.last().cloned().unwrap_or_default();
        for child in dependencies(&current)
            .into_iter()
            .filter(|child| known.contains(child))
        {
            if let Some(index) = path.iter().position(|step| *step == child) {
                return Err(format!(
                    "dependency cycle detected: {} -> {child}",
                    path[index..].join(" -> ")
                ));
            }
            path.push(child);
            search(path, dependencies, known)?;
            path.pop();
        }
        Ok(())
    }
    for name in &known {
        let mut path = vec![name.clone()];
        search(&mut path, &dependencies, &known)
            .map_err(|message| LoadError::new(message, None))?;
    }
    Ok(())
}
