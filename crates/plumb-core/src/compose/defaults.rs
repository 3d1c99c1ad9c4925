//! compose-go v2.9.1's default values (`transform.SetDefaultValues`), set once every file is
//! merged and in long syntax ([`super::canonical`]): a build's context, a service secret's
//! target, a port's protocol and mode, and the count of a device request.

use super::go_format;
use super::tree::{self, Apply, Notice, PathRules, TreePath, go_type};
use crate::yaml::{Node, Value};

/// The error that stops setting defaults. The tree is then left partly completed.
pub type DefaultsError = Notice;

/// Sets the default of every value in `root` (a whole compose model) that leaves one out.
pub fn set_default_values(root: &mut Node) -> Result<(), DefaultsError> {
    tree::walk(&mut Defaults, root, &TreePath::root())
}

struct Defaults;

impl PathRules for Defaults {
    const RULES: &'static [(&'static str, Apply<Self>)] = &[
        ("services.*.build", build_context),
        ("services.*.secrets.*", secret_target),
        ("services.*.ports.*", port_protocol_and_mode),
        (
            "services.*.deploy.resources.reservations.devices.*",
            device_count,
        ),
        ("services.*.gpus.*", device_count),
    ];
}

/// A build without a context builds the compose file's directory.
fn build_context(_: &mut Defaults, node: &mut Node, _: &TreePath) -> Result<(), Notice> {
    if let Value::Mapping(_) = node.value {
        let here = tree::string(".", node);
        tree::set_if_missing(node, "context", here);
    }
    Ok(())
}

/// A service's secret is mounted at `/run/secrets/<source>` unless it says where.
fn secret_target(_: &mut Defaults, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    if !matches!(node.value, Value::Mapping(_)) {
        let message = format!("{path}: unsupported type {}", go_type(&node.value));
        return Err(Notice::new(message, path, node));
    }
    // compose-go prints a missing source as Go prints nil: `%!s(<nil>)`.
    let source = node
        .get("source")
        .map_or(Value::Null, |source| source.value.clone());
    let target = tree::string(
        format!("/run/secrets/{}", go_format::sprint_s(&source)),
        node,
    );
    tree::set_if_missing(node, "target", target);
    Ok(())
}

/// A port in long syntax is TCP, through the routing mesh, unless it says otherwise.
fn port_protocol_and_mode(_: &mut Defaults, node: &mut Node, _: &TreePath) -> Result<(), Notice> {
    if let Value::Mapping(_) = node.value {
        let (tcp, ingress) = (tree::string("tcp", node), tree::string("ingress", node));
        tree::set_if_missing(node, "protocol", tcp);
        tree::set_if_missing(node, "mode", ingress);
    }
    Ok(())
}

/// A device request that names neither a count nor devices asks for all of them.
fn device_count(_: &mut Defaults, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    if !matches!(node.value, Value::Mapping(_)) {
        // compose-go names the type it asserted, not the one it found.
        let message = format!("{path}: invalid type map[string]interface {{}} for device request");
        return Err(Notice::new(message, path, node));
    }
    if node.get("count").is_none() && node.get("device_ids").is_none() {
        let all = tree::string("all", node);
        tree::set(node, "count", all);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::{Interpolation, canonical};
    use crate::yaml;
    use serde_json::json;

    fn with_defaults(text: &str) -> Result<serde_json::Value, String> {
        let mut root = yaml::parse(text).unwrap().remove(0);
        set_default_values(&mut root).map_err(|error| error.message)?;
        Ok(tree::to_json(&root))
    }

    /// What `docker compose config --no-interpolate --no-normalize --no-path-resolution`
    /// prints: the model after both steps.
    fn canonical_with_defaults(text: &str) -> serde_json::Value {
        let mut root = yaml::parse(text).unwrap().remove(0);
        canonical(&mut root, Interpolation::Done).unwrap();
        set_default_values(&mut root).unwrap();
        tree::to_json(&root)
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let model = with_defaults(
            "services:\n  web:\n    build: {dockerfile: D}\n    \
             secrets: [{source: s}, {source: t, target: /t}, {mode: 1}]\n    \
             ports: [{target: 80}, {target: 81, protocol: udp, mode: host}, \"82\"]\n    \
             gpus: [{driver: nvidia}, {count: 2}, {device_ids: [\"0\"]}]\n    \
             deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}\n",
        )
        .unwrap();
        // Observed with docker compose v2.40.3, the missing source printed as Go prints nil.
        assert_eq!(
            model,
            json!({"services": {"web": {
                "build": {"dockerfile": "D", "context": "."},
                "secrets": [
                    {"source": "s", "target": "/run/secrets/s"},
                    {"source": "t", "target": "/t"},
                    {"mode": 1, "target": "/run/secrets/%!s(<nil>)"},
                ],
                "ports": [
                    {"target": 80, "protocol": "tcp", "mode": "ingress"},
                    {"target": 81, "protocol": "udp", "mode": "host"},
                    "82",
                ],
                "gpus": [{"driver": "nvidia", "count": "all"}, {"count": 2}, {"device_ids": ["0"]}],
                "deploy": {"resources": {"reservations": {"devices": [
                    {"capabilities": ["gpu"], "count": "all"},
                ]}}},
            }}})
        );
    }

    #[test]
    fn values_of_other_types_get_compose_go_messages() {
        assert_eq!(
            with_defaults("services:\n  web:\n    secrets: [s]\n"),
            Err("services.web.secrets.[]: unsupported type string".to_owned())
        );
        assert_eq!(
            with_defaults("services:\n  web:\n    gpus: [all]\n"),
            Err(
                "services.web.gpus.[]: invalid type map[string]interface {} for device request"
                    .to_owned()
            )
        );
    }

    #[test]
    fn both_steps_give_what_docker_compose_gives() {
        // Observed: `docker compose config --no-interpolate --no-normalize
        // --no-path-resolution --no-consistency --format json`, less `image`.
        let model = canonical_with_defaults(
            "services:\n  web:\n    build: .\n    ports: [\"80:80\", 81]\n    \
             secrets: [s, {source: t}]\n    configs: [c]\n    gpus: all\n    \
             depends_on: [db]\n    env_file: x.env\n    networks: [a, b]\n    \
             volumes: [\"./a:/b:nocopy,ro,rw,shared,z\", ab, \"C:\\\\x:/y\"]\n",
        );
        assert_eq!(
            model,
            json!({"services": {"web": {
                "build": {"context": "."},
                "ports": [
                    {"mode": "ingress", "protocol": "tcp", "published": "80", "target": 80},
                    {"mode": "ingress", "protocol": "tcp", "target": 81},
                ],
                "secrets": [
                    {"source": "s", "target": "/run/secrets/s"},
                    {"source": "t", "target": "/run/secrets/t"},
                ],
                "configs": [{"source": "c"}],
                "gpus": [{"count": "all"}],
                "depends_on": {"db": {"condition": "service_started", "required": true}},
                "env_file": [{"path": "x.env", "required": true}],
                "networks": {"a": null, "b": null},
                "volumes": [
                    {"bind": {"create_host_path": true, "propagation": "shared", "selinux": "z"},
                     "source": "./a", "target": "/b", "type": "bind", "volume": {"nocopy": true}},
                    {"target": "ab", "type": "volume"},
                    {"bind": {"create_host_path": true}, "source": "C:\\x", "target": "/y",
                     "type": "bind"},
                ],
            }}})
        );
    }
}
