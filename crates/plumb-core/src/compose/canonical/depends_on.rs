//! `depends_on:` as a list of services, and the long form's defaults: a dependency waits for
//! its service to start and is required unless it says otherwise.

use super::{Canonical, expected};
use crate::compose::go_format;
use crate::compose::tree::{self, Notice, TreePath, go_type};
use crate::yaml::{Node, Value};

/// `depends_on: [db]` is `depends_on: {db: {condition: service_started, required: true}}`;
/// a mapping's dependencies get those two where they leave them out.
pub fn depends_on(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match &node.value {
        Value::Mapping(_) => complete_dependencies(node, path),
        Value::Sequence(items) => {
            let mut dependencies = tree::mapping(Vec::new(), node);
            for item in items {
                let service = item
                    .as_str()
                    .ok_or_else(|| expected("a service name", &path.next(tree::ITEM), item))?;
                let mut dependency = tree::mapping(Vec::new(), item);
                set_defaults(&mut dependency, item);
                tree::set(&mut dependencies, service, dependency);
            }
            *node = dependencies;
            Ok(())
        }
        other => {
            let message = format!("{path}: invalid type {} for depend_on", go_type(other));
            Err(Notice::new(message, path, node))
        }
    }
}

fn complete_dependencies(node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    // compose-go prints the whole mapping in the message about one entry.
    let whole = go_format::sprint_s(&node.value);
    for entry in tree::entries_mut(node).into_iter().flatten() {
        let service = entry.key.as_str().unwrap_or_default();
        if !matches!(entry.value.value, Value::Mapping(_)) {
            let entry_path = path.next(service);
            let message = format!("{entry_path}: unsupported value {whole}");
            return Err(Notice::new(message, &entry_path, &entry.value));
        }
        let origin = tree::made(Value::Null, &entry.value);
        set_defaults(&mut entry.value, &origin);
    }
    Ok(())
}

fn set_defaults(dependency: &mut Node, origin: &Node) {
    tree::set_if_missing(
        dependency,
        "condition",
        tree::string("service_started", origin),
    );
    tree::set_if_missing(
        dependency,
        "required",
        tree::made(Value::Bool(true), origin),
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn lists_become_mappings_with_defaults() {
        // Observed: `depends_on: [db]` → `{db: {condition: service_started, required: true}}`.
        assert_eq!(
            canonical_service_key("depends_on", "[db, cache]"),
            json!({
                "db": {"condition": "service_started", "required": true},
                "cache": {"condition": "service_started", "required": true},
            })
        );
    }

    #[test]
    fn mappings_get_the_defaults_they_leave_out() {
        // Observed: `required: false` is kept.
        assert_eq!(
            canonical_service_key(
                "depends_on",
                "{a: {condition: service_healthy}, b: {required: false, restart: true}}"
            ),
            json!({
                "a": {"condition": "service_healthy", "required": true},
                "b": {"required": false, "restart": true, "condition": "service_started"},
            })
        );
    }

    #[test]
    fn other_values_are_errors() {
        assert_eq!(
            canonical_error(&service_with("depends_on", "{b: {}, a: 1}")),
            "services.web.depends_on.a: unsupported value map[a:%!s(int=1) b:map[]]"
        );
        assert_eq!(
            canonical_error(&service_with("depends_on", "db")),
            "services.web.depends_on: invalid type string for depend_on"
        );
        assert_eq!(
            canonical_error(&service_with("depends_on", "[1]")),
            "services.web.depends_on.[]: expected a service name, got int"
        );
    }
}
