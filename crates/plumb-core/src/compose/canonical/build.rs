//! `build:` short forms: a context directory, and SSH agent sockets or keys listed as
//! `id=path`.

use super::{Canonical, invalid_type, one_entry};
use crate::compose::tree::{self, Notice, TreePath, go_type};
use crate::yaml::{Node, Value};

/// `build: ./dir` is `build: {context: ./dir}`; a mapping is walked into (its secrets,
/// SSH, ulimits, provenance…).
pub fn build(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match node.value {
        Value::Mapping(_) => tree::walk_children(step, node, path),
        Value::String(_) => {
            *node = one_entry("context", node);
            Ok(())
        }
        _ => Err(invalid_type(path, node, "for build")),
    }
}

/// `ssh: [default, key=/path]` is `ssh: {default: null, key: /path}`; an item without `=`
/// other than `default` is an error.
pub fn ssh(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    let items = match &node.value {
        Value::Mapping(_) => return Ok(()),
        Value::Sequence(items) => items,
        other => {
            let message = format!("{path}: invalid type {} for ssh", go_type(other));
            return Err(Notice::new(message, path, node));
        }
    };
    let mut keys = tree::mapping(Vec::new(), node);
    for item in items {
        let item_path = path.next(tree::ITEM);
        let Some(text) = item.as_str() else {
            let message = format!("invalid ssh key type {}", go_type(&item.value));
            return Err(Notice::new(message, &item_path, item));
        };
        let (id, value) = match text.split_once('=') {
            Some((id, key_path)) => (id, tree::string(key_path, item)),
            None if text == "default" => (text, tree::made(Value::Null, item)),
            None => {
                let message = format!("invalid ssh key {}", crate::go_units::strconv::quote(text));
                return Err(Notice::new(message, &item_path, item));
            }
        };
        tree::set(&mut keys, id, value);
    }
    *node = keys;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn a_context_string_becomes_a_mapping() {
        assert_eq!(canonical_service_key("build", "."), json!({"context": "."}));
        assert_eq!(
            canonical_service_key("build", "{context: ./a, dockerfile: D}"),
            json!({"context": "./a", "dockerfile": "D"})
        );
        assert_eq!(
            canonical_error(&service_with("build", "[a]")),
            "services.web.build: invalid type []interface {} for build"
        );
    }

    #[test]
    fn ssh_lists_become_mappings() {
        // Observed: `ssh: [default, "k=/p"]` → `{default: null, k: /p}`.
        assert_eq!(
            canonical_service_key("build", "{ssh: [default, \"k=/p\", \"e=\"]}"),
            json!({"ssh": {"default": null, "k": "/p", "e": ""}})
        );
        assert_eq!(
            canonical_service_key("build", "{ssh: {default: /s}}"),
            json!({"ssh": {"default": "/s"}})
        );
        // Observed with docker compose v2.40.3.
        assert_eq!(
            canonical_error(&service_with("build", "{ssh: [\"foo\\tbar\"]}")),
            r#"invalid ssh key "foo\tbar""#
        );
        assert_eq!(
            canonical_error(&service_with("build", "{ssh: [\"a b\", default]}")),
            r#"invalid ssh key "a b""#
        );
        assert_eq!(
            canonical_error(&service_with("build", "{ssh: [1]}")),
            "invalid ssh key type int"
        );
        assert_eq!(
            canonical_error(&service_with("build", "{ssh: a}")),
            "services.web.build.ssh: invalid type string for ssh"
        );
    }
}
