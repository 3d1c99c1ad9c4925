//! compose-go v2.9.1's canonical transformation (`transform.Canonical`): every short syntax
//! written in a compose tree rewritten to its long syntax, in place, before defaults, path
//! resolution and binding to structs. Which rule applies where is compose-go's table (the
//! `RULES` below); a rule's value is not walked into unless compose-go's is.
//!
//! compose-go runs it after the schema has accepted the tree, so values of the wrong type
//! rarely reach it; where they do, its messages are kept (`%T` names the Go type). Where
//! compose-go would crash on one (a type assertion), an error says what was expected.

mod build;
mod depends_on;
mod devices;
mod env_file;
mod external;
mod lists;
mod ports;
mod ulimits;
mod volumes;

pub use ports::{PortConfig, parse_port_config};
pub use volumes::{BindOptions, MountKind, VolumeMount, VolumeOptions, parse_volume};

use super::tree::{self, Apply, Notice, PathRules, TreePath, go_type};
use crate::yaml::{Node, Value};

/// The error that stops the transformation. The tree is then left partly rewritten.
pub type CanonicalError = Notice;

/// Whether the tree's variables were substituted. compose-go passes its `SkipInterpolation`
/// as "ignore parse errors": a value still holding `${PORT}` may not parse, and is then left
/// as written (a port list, a volume, a device, additional contexts) instead of failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interpolation {
    Done,
    Skipped,
}

/// Rewrites every short syntax in `root` (a whole compose model) to its long syntax, giving
/// back the warnings compose-go logs on the way.
pub fn canonical(
    root: &mut Node,
    interpolation: Interpolation,
) -> Result<Vec<Notice>, CanonicalError> {
    let mut step = Canonical {
        keep_unparsable: interpolation == Interpolation::Skipped,
        warnings: Vec::new(),
    };
    tree::walk(&mut step, root, &TreePath::root())?;
    Ok(step.warnings)
}

/// The transformation's state while it walks the tree.
struct Canonical {
    keep_unparsable: bool,
    warnings: Vec<Notice>,
}

impl PathRules for Canonical {
    const RULES: &'static [(&'static str, Apply<Self>)] = &[
        ("services.*", service),
        ("services.*.build.secrets.*", file_mount),
        ("services.*.build.provenance", lists::string_or_text),
        ("services.*.build.sbom", lists::string_or_text),
        ("services.*.build.additional_contexts", lists::key_values),
        ("services.*.depends_on", depends_on::depends_on),
        ("services.*.env_file", env_file::env_file),
        ("services.*.label_file", lists::string_or_list),
        ("services.*.extends", extends),
        ("services.*.gpus", devices::gpus),
        ("services.*.networks", lists::names_to_mapping),
        ("services.*.models", lists::names_to_mapping),
        ("services.*.volumes.*", volumes::volume_mount),
        ("services.*.dns", lists::string_or_list),
        ("services.*.devices.*", devices::device_mapping),
        ("services.*.secrets.*", file_mount),
        ("services.*.configs.*", file_mount),
        ("services.*.ports", ports::ports),
        ("services.*.build", build::build),
        ("services.*.build.ssh", build::ssh),
        ("services.*.ulimits.*", ulimits::ulimit),
        ("services.*.build.ulimits.*", ulimits::ulimit),
        ("services.*.develop.watch.*.ignore", lists::string_or_list),
        ("services.*.develop.watch.*.include", lists::string_or_list),
        ("volumes.*", external::maybe_external),
        ("networks.*", external::maybe_external),
        ("secrets.*", external::maybe_external),
        ("configs.*", external::maybe_external),
        ("include.*", include),
    ];
}

/// A service is walked into; anything else there is left to the checks after.
fn service(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    tree::walk_children(step, node, path)
}

/// `extends: base` is `{service: base}`.
fn extends(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match node.value {
        Value::Mapping(_) => tree::walk_children(step, node, path),
        Value::String(_) => {
            *node = one_entry("service", node);
            Ok(())
        }
        _ => Err(invalid_type(path, node, "for extends")),
    }
}

/// An `include` item `file.yaml` is `{path: file.yaml}`.
fn include(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match node.value {
        Value::Mapping(_) => Ok(()),
        Value::String(_) => {
            *node = one_entry("path", node);
            Ok(())
        }
        // compose-go's message says "external" here.
        _ => Err(invalid_type(path, node, "for external")),
    }
}

/// A secret or config of a service (or of a build) named by a string is `{source: name}`.
fn file_mount(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match &node.value {
        Value::Mapping(_) => Ok(()),
        Value::String(_) => {
            *node = one_entry("source", node);
            Ok(())
        }
        other => Err(Notice::new(
            format!("{path}: unsupported type {}", go_type(other)),
            path,
            node,
        )),
    }
}

/// A mapping whose one entry `key` is `value`: a short form's long syntax.
fn one_entry(key: &str, value: &Node) -> Node {
    tree::mapping(vec![(key.to_owned(), value.clone())], value)
}

/// compose-go's `<path>: invalid type <T> <what>` (`what` as in "for port").
fn invalid_type(path: &TreePath, node: &Node, what: &str) -> Notice {
    let message = format!("{path}: invalid type {}", go_type(&node.value));
    let message = if what.is_empty() {
        message
    } else {
        format!("{message} {what}")
    };
    Notice::new(message, path, node)
}

/// Where compose-go asserts a type it does not check (and would crash on another).
fn expected(what: &str, path: &TreePath, node: &Node) -> Notice {
    Notice::new(
        format!("{path}: expected {what}, got {}", go_type(&node.value)),
        path,
        node,
    )
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::yaml;

    /// The tree of `text` after [`canonical`] with interpolation done, as JSON.
    pub fn canonical_json(text: &str) -> serde_json::Value {
        try_canonical(text, Interpolation::Done).unwrap()
    }

    /// [`canonical`]'s tree as JSON, or its error's message.
    pub fn try_canonical(
        text: &str,
        interpolation: Interpolation,
    ) -> Result<serde_json::Value, String> {
        let mut root = yaml::parse(text).unwrap().remove(0);
        canonical(&mut root, interpolation).map_err(|error| error.message)?;
        Ok(tree::to_json(&root))
    }

    /// The message of the error [`canonical`] stops with on `text`.
    pub fn canonical_error(text: &str) -> String {
        try_canonical(text, Interpolation::Done).unwrap_err()
    }

    /// `value` as the single service's `key` in a compose model.
    pub fn service_with(key: &str, value: &str) -> String {
        format!("services:\n  web:\n    {key}: {value}\n")
    }

    /// The single service's `key` after [`canonical`].
    pub fn canonical_service_key(key: &str, value: &str) -> serde_json::Value {
        canonical_json(&service_with(key, value))["services"]["web"][key].clone()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::yaml;
    use serde_json::json;

    #[test]
    fn short_forms_of_services_become_mappings() {
        let model = canonical_json(
            "services:\n  web:\n    extends: base\n    secrets: [s, {source: t}]\n    \
             configs: [c]\n    build: {context: ., secrets: [b]}\n  base: {}\n\
             include: [other.yaml, {path: x.yaml}]\n",
        );
        assert_eq!(
            model["services"]["web"]["extends"],
            json!({"service": "base"})
        );
        assert_eq!(
            model["services"]["web"]["secrets"],
            json!([{"source": "s"}, {"source": "t"}])
        );
        assert_eq!(
            model["services"]["web"]["configs"],
            json!([{"source": "c"}])
        );
        assert_eq!(
            model["services"]["web"]["build"]["secrets"],
            json!([{"source": "b"}])
        );
        assert_eq!(
            model["include"],
            json!([{"path": "other.yaml"}, {"path": "x.yaml"}])
        );
    }

    #[test]
    fn values_of_other_types_get_compose_go_messages() {
        // The schema (and for `extends`, the extends step) stops these before this step in
        // docker compose; the messages are compose-go's.
        assert_eq!(
            canonical_error(&service_with("extends", "1")),
            "services.web.extends: invalid type int for extends"
        );
        assert_eq!(
            canonical_error(&service_with("secrets", "[1.5]")),
            "services.web.secrets.[]: unsupported type float64"
        );
        assert_eq!(
            canonical_error("include: [true]\n"),
            "include.[]: invalid type bool for external"
        );
    }

    #[test]
    fn errors_point_at_the_value() {
        let text = "services:\n  web:\n    ports: [\"80:80\", \"80:80/xyz\"]\n";
        let mut root = yaml::parse(text).unwrap().remove(0);
        let error = canonical(&mut root, Interpolation::Done).unwrap_err();
        assert_eq!(error.message, "invalid proto: xyz");
        assert_eq!(error.path.to_string(), "services.web.ports.[]");
        assert_eq!(&text[error.span.start..error.span.end], "\"80:80/xyz\"");
    }

    #[test]
    fn made_values_keep_the_place_of_what_they_were_written_as() {
        let text = "services:\n  web:\n    build: ./dir\n";
        let mut root = yaml::parse(text).unwrap().remove(0);
        canonical(&mut root, Interpolation::Done).unwrap();
        let context = root
            .get("services")
            .and_then(|services| services.get("web"));
        let context = context
            .and_then(|web| web.get("build"))
            .and_then(|b| b.get("context"));
        let span = context.unwrap().span;
        assert_eq!(&text[span.start..span.end], "./dir");
    }

    #[test]
    fn forms_later_steps_read_are_left_alone() {
        // Observed without interpolation, normalisation and path resolution: extra_hosts
        // (map or list, `:` or `=`), tmpfs, expose, command, healthcheck.test, environment
        // and labels are converted when compose-go binds the model to its structs.
        let services = "services:\n  web:\n    extra_hosts: {myhost: \"::1\", o: [\"1.2.3.4\"]}\n    \
             tmpfs: /x\n    expose: [80, \"90\"]\n    command: echo \"a b\"\n    \
             healthcheck: {test: curl x}\n    environment: [A=1]\n    labels: [a=b]\n  \
             b:\n    extra_hosts: [\"a:1.2.3.4\", \"b=::1\"]\n";
        assert_eq!(
            canonical_json(services)["services"],
            json!({
                "web": {
                    "extra_hosts": {"myhost": "::1", "o": ["1.2.3.4"]},
                    "tmpfs": "/x",
                    "expose": [80, "90"],
                    "command": "echo \"a b\"",
                    "healthcheck": {"test": "curl x"},
                    "environment": ["A=1"],
                    "labels": ["a=b"],
                },
                "b": {"extra_hosts": ["a:1.2.3.4", "b=::1"]},
            })
        );
    }

    #[test]
    fn extensions_and_unknown_keys_are_left_alone() {
        let text = "x-ports: [\"80\"]\nservices:\n  web:\n    x-dns: 1.1.1.1\n    image: a\n";
        assert_eq!(
            canonical_json(text),
            json!({"x-ports": ["80"], "services": {"web": {"x-dns": "1.1.1.1", "image": "a"}}})
        );
    }
}
