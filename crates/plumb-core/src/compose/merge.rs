//! Several compose files into one model, as compose-go's `override.Merge` does it: mappings
//! merge key by key, sequences append, scalars are replaced, and some paths have rules of
//! their own (`command` is replaced, `environment` and `labels` merge as `KEY=VALUE`
//! lists, `depends_on` and `networks` merge as mappings, `logging` merges only for the same
//! driver, …). Which later entries replace earlier ones is [`super::unicity`]'s business.

use super::go_format::sprint;
use super::tree::{self, TreePath};
use crate::source::Span;
use crate::yaml::{FileId, Node, Value};

/// Two values that cannot merge: a mapping or sequence overridden by another kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    pub message: String,
    pub span: Span,
    pub file: FileId,
}

/// The model `base` becomes with `other` merged into it (both whole files' mappings).
pub fn merge(base: Node, other: Node) -> Result<Node, MergeError> {
    merge_values(base, other, &TreePath::root())
}

/// A service `extends` builds on, with the extending service's settings merged over it.
pub fn merge_service(base: Node, other: Node) -> Result<Node, MergeError> {
    merge_values(base, other, &TreePath::root().next("services").next("x"))
}

/// A path's own rule, if it has one.
type Special = fn(Node, Node, &TreePath) -> Result<Node, MergeError>;

const SPECIALS: &[(&str, Special)] = &[
    ("networks.*.ipam.config", merge_ipam_config),
    ("networks.*.labels", merge_as_sequence),
    ("volumes.*.labels", merge_as_sequence),
    ("services.*.annotations", merge_as_sequence),
    ("services.*.build", merge_build),
    ("services.*.build.args", merge_as_sequence),
    ("services.*.build.additional_contexts", merge_as_sequence),
    ("services.*.build.extra_hosts", merge_extra_hosts),
    ("services.*.build.labels", merge_as_sequence),
    ("services.*.command", replace),
    ("services.*.depends_on", merge_depends_on),
    ("services.*.deploy.labels", merge_as_sequence),
    ("services.*.dns", merge_as_sequence),
    ("services.*.dns_opt", merge_as_sequence),
    ("services.*.dns_search", merge_as_sequence),
    ("services.*.entrypoint", replace),
    ("services.*.env_file", merge_as_sequence),
    ("services.*.label_file", merge_as_sequence),
    ("services.*.environment", merge_as_sequence),
    ("services.*.extra_hosts", merge_extra_hosts),
    ("services.*.healthcheck.test", replace),
    ("services.*.labels", merge_as_sequence),
    ("services.*.volumes.*.volume.labels", merge_as_sequence),
    ("services.*.logging", merge_logging),
    ("services.*.models", merge_as_mapping),
    ("services.*.networks", merge_as_mapping),
    ("services.*.sysctls", merge_as_sequence),
    ("services.*.tmpfs", merge_as_sequence),
    // compose-go merges the override with itself here: the override replaces.
    ("services.*.ulimits.*", replace),
];

fn merge_values(base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    if let Some((_, special)) = SPECIALS.iter().find(|(pattern, _)| path.matches(pattern)) {
        return special(base, other, path);
    }
    if other.is_null() {
        return Ok(base);
    }
    match (&base.value, &other.value) {
        (Value::Mapping(_), Value::Mapping(_)) => merge_mappings(base, other, path),
        (Value::Sequence(_), Value::Sequence(_)) => {
            let (mut base, other) = (base, other);
            if let (Value::Sequence(items), Value::Sequence(more)) = (&mut base.value, other.value)
            {
                items.extend(more);
            }
            Ok(base)
        }
        (Value::Mapping(_) | Value::Sequence(_), _) => Err(MergeError {
            message: format!("cannot override {path}"),
            span: other.span,
            file: other.file,
        }),
        _ => Ok(other),
    }
}

/// Every key of `other` into `base`: new keys are added, keys both have merge. (A base
/// that is not a mapping cannot take keys; the override stands.)
fn merge_mappings(mut base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    let Some(entries) = tree::entries_mut(&mut base) else {
        return Ok(other);
    };
    let Value::Mapping(other_entries) = other.value else {
        return Ok(base);
    };
    for entry in other_entries {
        let Some(key) = entry.key.as_str().map(str::to_owned) else {
            continue;
        };
        match entries
            .iter_mut()
            .find(|existing| existing.key.as_str() == Some(&key))
        {
            Some(existing) => {
                let placeholder = tree::made(Value::Null, &existing.value);
                let current = std::mem::replace(&mut existing.value, placeholder);
                existing.value = merge_values(current, entry.value, &path.next(&key))?;
            }
            None => entries.push(entry),
        }
    }
    Ok(base)
}

fn replace(_: Node, other: Node, _: &TreePath) -> Result<Node, MergeError> {
    Ok(other)
}

/// Both sides as `KEY=VALUE` sequences (a mapping's entries sorted), appended.
fn merge_as_sequence(base: Node, other: Node, _: &TreePath) -> Result<Node, MergeError> {
    let origin = base.clone();
    let mut items = into_sequence(base);
    items.extend(into_sequence(other));
    Ok(tree::sequence(items, &origin))
}

/// As [`merge_as_sequence`], leaving out the override's entries the base already has.
fn merge_extra_hosts(base: Node, other: Node, _: &TreePath) -> Result<Node, MergeError> {
    let origin = base.clone();
    let mut items = into_sequence(base);
    let more: Vec<Node> = into_sequence(other)
        .into_iter()
        .filter(|item| !items.iter().any(|existing| existing.value == item.value))
        .collect();
    items.extend(more);
    Ok(tree::sequence(items, &origin))
}

/// compose-go's `convertIntoSequence`: a mapping's entries as `KEY=VALUE` (a key alone for
/// a null, one entry per item for a list), sorted; a sequence as it is; a string as a
/// one-item sequence; anything else as nothing.
fn into_sequence(node: Node) -> Vec<Node> {
    match node.value {
        Value::Mapping(entries) => {
            let mut items = Vec::new();
            for entry in entries {
                let key = sprint(&entry.key.value);
                match &entry.value.value {
                    Value::Null => items.push(tree::string(key, &entry.key)),
                    Value::Sequence(values) => items.extend(values.iter().map(|value| {
                        tree::string(format!("{key}={}", sprint(&value.value)), value)
                    })),
                    value => items.push(tree::string(
                        format!("{key}={}", sprint(value)),
                        &entry.value,
                    )),
                }
            }
            items.sort_by(|left, right| left.as_str().cmp(&right.as_str()));
            items
        }
        Value::Sequence(items) => items,
        Value::String(_) => vec![node],
        _ => Vec::new(),
    }
}

/// A list of names as a mapping of each name to `defaults` (null when there are none).
fn into_mapping(node: Node, defaults: Option<&[(&str, Value)]>) -> Node {
    let Value::Sequence(items) = &node.value else {
        return node;
    };
    let entries = items
        .iter()
        .filter_map(|item| {
            let name = item.as_str()?.to_owned();
            let value = match defaults {
                None => tree::made(Value::Null, item),
                Some(defaults) => tree::mapping(
                    defaults
                        .iter()
                        .map(|(key, value)| ((*key).to_owned(), tree::made(value.clone(), item)))
                        .collect(),
                    item,
                ),
            };
            Some((name, value))
        })
        .collect();
    tree::mapping(entries, &node)
}

fn merge_as_mapping(base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    merge_mappings(into_mapping(base, None), into_mapping(other, None), path)
}

fn merge_depends_on(base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    let defaults = [
        ("condition", Value::String("service_started".into())),
        ("required", Value::Bool(true)),
    ];
    merge_mappings(
        into_mapping(base, Some(&defaults)),
        into_mapping(other, Some(&defaults)),
        path,
    )
}

/// A string build is its context.
fn merge_build(base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    let as_mapping = |node: Node| match node.value {
        Value::String(_) => {
            let origin = node.clone();
            tree::mapping(vec![("context".to_owned(), node)], &origin)
        }
        _ => node,
    };
    merge_mappings(as_mapping(base), as_mapping(other), path)
}

/// Options merge only when both name the same driver, or one names none; otherwise the
/// override's logging replaces the base's.
fn merge_logging(base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    let same_driver = match (other.get("driver"), base.get("driver")) {
        (Some(theirs), Some(ours)) => theirs.value == ours.value,
        _ => true,
    };
    if same_driver {
        merge_mappings(base, other, path)
    } else {
        Ok(other)
    }
}

/// IPAM pools merge by subnet.
fn merge_ipam_config(base: Node, other: Node, path: &TreePath) -> Result<Node, MergeError> {
    let (Value::Sequence(configs), Value::Sequence(overrides)) = (&base.value, &other.value) else {
        return Err(MergeError {
            message: format!("{path}: unexpected type {}", tree::go_type(&base.value)),
            span: base.span,
            file: base.file,
        });
    };
    let subnet = |node: &Node| node.get("subnet").map(|subnet| subnet.value.clone());
    let mut merged_configs: Vec<Node> = Vec::new();
    for original in configs {
        for replacement in overrides {
            if subnet(replacement) != subnet(original)
                && !merged_configs
                    .iter()
                    .any(|config| subnet(config) == subnet(replacement))
            {
                merged_configs.push(replacement.clone());
                continue;
            }
            let merged = merge_mappings(original.clone(), replacement.clone(), path)?;
            match merged_configs
                .iter()
                .position(|config| subnet(config) == subnet(&merged))
            {
                Some(index) => merged_configs[index] = merged,
                None => merged_configs.push(merged),
            }
        }
    }
    Ok(tree::sequence(merged_configs, &base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn document(text: &str) -> Node {
        yaml::parse(text).unwrap().remove(0)
    }

    fn merged(base: &str, other: &str) -> Result<Node, MergeError> {
        merge(document(base), document(other))
    }

    fn strings(node: &Node) -> Vec<&str> {
        node.as_sequence()
            .unwrap()
            .iter()
            .map(|item| item.as_str().unwrap())
            .collect()
    }

    #[test]
    fn overrides_merge_by_compose_rules() {
        let model = merged(
            "services:\n  web:\n    image: a\n    command: [a, b]\n    environment: {A: 1, B: x}\n    ports: ['80:80']\n    dns: 1.1.1.1\n    labels: [z=1]\n",
            "services:\n  web:\n    image: b\n    command: [c]\n    environment: [B=y, C]\n    ports: ['81:81']\n    dns: [8.8.8.8]\n    labels: {a: 2, n: null}\n",
        )
        .unwrap();
        let web = model.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(strings(web.get("command").unwrap()), ["c"]);
        assert_eq!(
            strings(web.get("environment").unwrap()),
            ["A=1", "B=x", "B=y", "C"]
        );
        assert_eq!(strings(web.get("ports").unwrap()), ["80:80", "81:81"]);
        assert_eq!(strings(web.get("dns").unwrap()), ["1.1.1.1", "8.8.8.8"]);
        assert_eq!(strings(web.get("labels").unwrap()), ["z=1", "a=2", "n"]);
    }

    #[test]
    fn depends_on_networks_and_build_merge_as_mappings() {
        let model = merged(
            "services:\n  web:\n    build: ./app\n    depends_on: [db]\n    networks: [front]\n",
            "services:\n  web:\n    build: {dockerfile: Other}\n    depends_on: {cache: {condition: service_healthy}}\n    networks: {back: {aliases: [x]}}\n",
        )
        .unwrap();
        let web = model.get("services").unwrap().get("web").unwrap();
        let build = web.get("build").unwrap();
        assert_eq!(build.get("context").unwrap().as_str(), Some("./app"));
        assert_eq!(build.get("dockerfile").unwrap().as_str(), Some("Other"));
        let depends_on = web.get("depends_on").unwrap();
        assert_eq!(
            depends_on
                .get("db")
                .unwrap()
                .get("condition")
                .unwrap()
                .as_str(),
            Some("service_started")
        );
        assert_eq!(
            depends_on.get("db").unwrap().get("required").unwrap().value,
            Value::Bool(true)
        );
        assert!(depends_on.get("cache").unwrap().get("required").is_none());
        let networks = web.get("networks").unwrap();
        assert!(networks.get("front").unwrap().is_null());
        assert!(networks.get("back").unwrap().get("aliases").is_some());
    }

    #[test]
    fn logging_options_merge_only_for_the_same_driver() {
        let base = "services:\n  web:\n    logging: {driver: json-file, options: {max-size: 1m}}\n";
        let same = merged(
            base,
            "services:\n  web:\n    logging: {options: {max-file: '3'}}\n",
        )
        .unwrap();
        let logging = same
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("logging")
            .unwrap();
        let options = logging.get("options").unwrap();
        assert!(options.get("max-size").is_some() && options.get("max-file").is_some());
        let other = merged(base, "services:\n  web:\n    logging: {driver: syslog}\n").unwrap();
        let logging = other
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("logging")
            .unwrap();
        assert!(logging.get("options").is_none());
    }

    #[test]
    fn a_null_override_keeps_the_base_and_a_kind_change_is_an_error() {
        let model = merged(
            "services:\n  web:\n    image: a\n",
            "services:\n  web:\n    image:\n",
        )
        .unwrap();
        let web = model.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("a"));
        let error = merged(
            "services:\n  web:\n    deploy: {replicas: 1}\n",
            "services:\n  web:\n    deploy: [x]\n",
        )
        .unwrap_err();
        assert_eq!(error.message, "cannot override services.web.deploy");
    }

    #[test]
    fn ipam_pools_merge_by_subnet() {
        let model = merged(
            "networks:\n  n:\n    ipam:\n      config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]\n",
            "networks:\n  n:\n    ipam:\n      config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.254}, {subnet: 10.1.0.0/24}]\n",
        )
        .unwrap();
        let config = model
            .get("networks")
            .unwrap()
            .get("n")
            .unwrap()
            .get("ipam")
            .unwrap()
            .get("config")
            .unwrap();
        let pools = config.as_sequence().unwrap();
        assert_eq!(pools.len(), 2);
        assert_eq!(
            pools[0].get("gateway").unwrap().as_str(),
            Some("10.0.0.254")
        );
    }
}
