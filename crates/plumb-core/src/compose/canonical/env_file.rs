//! `env_file:` as a path or a list of paths: each file is required unless it says otherwise.

use super::{Canonical, invalid_type};
use crate::compose::tree::{self, Notice, TreePath};
use crate::yaml::{Node, Value};

/// `env_file: a.env` is `env_file: [{path: a.env, required: true}]`; in a list, paths become
/// such mappings and mappings get `required: true` where they leave it out.
pub fn env_file(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match &mut node.value {
        Value::String(_) => {
            let file = env_file_entry(node.clone());
            *node = tree::sequence(vec![file], node);
            Ok(())
        }
        Value::Sequence(items) => {
            for item in items.iter_mut() {
                let placeholder = tree::made(Value::Null, item);
                *item = env_file_entry(std::mem::replace(item, placeholder));
            }
            Ok(())
        }
        _ => Err(invalid_type(path, node, "for env_file")),
    }
}

/// One file of the list in its long form; compose-go makes anything else `null`.
fn env_file_entry(mut item: Node) -> Node {
    let required = tree::made(Value::Bool(true), &item);
    match item.value {
        Value::String(_) => tree::mapping(
            vec![
                ("path".to_owned(), item.clone()),
                ("required".to_owned(), required),
            ],
            &item,
        ),
        Value::Mapping(_) => {
            tree::set_if_missing(&mut item, "required", required);
            item
        }
        _ => tree::made(Value::Null, &item),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn paths_become_required_files() {
        // Observed: `env_file: x.env` → `[{path: x.env, required: true}]`.
        assert_eq!(
            canonical_service_key("env_file", "x.env"),
            json!([{"path": "x.env", "required": true}])
        );
        // Observed: `[a, {path: b}, {path: c, required: false}]`.
        assert_eq!(
            canonical_service_key(
                "env_file",
                "[a, {path: b}, {path: c, required: false, format: raw}]"
            ),
            json!([
                {"path": "a", "required": true},
                {"path": "b", "required": true},
                {"path": "c", "required": false, "format": "raw"},
            ])
        );
        assert_eq!(canonical_service_key("env_file", "[1]"), json!([null]));
        assert_eq!(
            canonical_error(&service_with("env_file", "{path: a}")),
            "services.web.env_file: invalid type map[string]interface {} for env_file"
        );
    }
}
