//! The rules that turn one form of a list or mapping into another: a string into a list of
//! one, a list of names into a mapping, `key=value` items into a mapping, and a value into
//! its text.

use super::{Canonical, expected, invalid_type};
use crate::compose::go_format;
use crate::compose::tree::{self, Notice, TreePath};
use crate::yaml::{Node, Value};

/// `dns: 1.1.1.1` is `dns: [1.1.1.1]` (also `label_file`, and a watch rule's `ignore` and
/// `include`).
pub fn string_or_list(_: &mut Canonical, node: &mut Node, _: &TreePath) -> Result<(), Notice> {
    if let Value::String(_) = node.value {
        *node = tree::sequence(vec![node.clone()], node);
    }
    Ok(())
}

/// `provenance: true` is `provenance: "true"`: any value but a string becomes its text as
/// `fmt.Sprint` prints it.
pub fn string_or_text(_: &mut Canonical, node: &mut Node, _: &TreePath) -> Result<(), Notice> {
    if !matches!(node.value, Value::String(_)) {
        *node = tree::string(go_format::sprint(&node.value), node);
    }
    Ok(())
}

/// `networks: [front, back]` is `networks: {front: null, back: null}` (also `models`).
pub fn names_to_mapping(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    let Value::Sequence(items) = &node.value else {
        return Ok(());
    };
    let mut mapping = tree::mapping(Vec::new(), node);
    for item in items {
        let name = item
            .as_str()
            .ok_or_else(|| expected("a name", &path.next(tree::ITEM), item))?;
        tree::set(&mut mapping, name, tree::made(Value::Null, item));
    }
    *node = mapping;
    Ok(())
}

/// `additional_contexts: ["a=b"]` is `additional_contexts: {a: b}`. An item without `=` is
/// an error, or leaves the whole list as written when variables were not substituted.
pub fn key_values(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    let items = match &node.value {
        Value::Mapping(_) => return Ok(()),
        Value::Sequence(items) => items,
        _ => return Err(invalid_type(path, node, "")),
    };
    let mut mapping = tree::mapping(Vec::new(), node);
    for item in items {
        let text = item
            .as_str()
            .ok_or_else(|| expected("a string", &path.next(tree::ITEM), item))?;
        let Some((key, value)) = text.split_once('=') else {
            if step.keep_unparsable {
                return Ok(());
            }
            let message = format!("{path}: invalid value {text}, expected key=value");
            return Err(Notice::new(message, &path.next(tree::ITEM), item));
        };
        tree::set(&mut mapping, key, tree::string(value, item));
    }
    *node = mapping;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Interpolation;
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn strings_become_lists_of_one() {
        assert_eq!(canonical_service_key("dns", "1.1.1.1"), json!(["1.1.1.1"]));
        assert_eq!(canonical_service_key("dns", "[a, b]"), json!(["a", "b"]));
        assert_eq!(canonical_service_key("label_file", "l"), json!(["l"]));
        let watch = canonical_service_key(
            "develop",
            "{watch: [{path: ., action: sync, ignore: a, include: b}]}",
        );
        assert_eq!(
            watch,
            json!({"watch": [{"path": ".", "action": "sync", "ignore": ["a"], "include": ["b"]}]})
        );
    }

    #[test]
    fn names_become_mappings() {
        // Observed: `networks: [a, b]` → `{a: null, b: null}`.
        assert_eq!(
            canonical_service_key("networks", "[a, b]"),
            json!({"a": null, "b": null})
        );
        assert_eq!(
            canonical_service_key("networks", "{a: {aliases: [x]}}"),
            json!({"a": {"aliases": ["x"]}})
        );
        assert_eq!(
            canonical_service_key("models", "[m, m]"),
            json!({"m": null})
        );
        assert_eq!(
            canonical_error(&service_with("networks", "[[a]]")),
            "services.web.networks.[]: expected a name, got []interface {}"
        );
    }

    #[test]
    fn provenance_and_sbom_become_text() {
        // Observed: `provenance: true, sbom: false` → "true", "false".
        let build = canonical_service_key("build", "{context: ., provenance: true, sbom: false}");
        assert_eq!(
            build,
            json!({"context": ".", "provenance": "true", "sbom": "false"})
        );
        let build = canonical_service_key("build", "{provenance: mode=max, sbom: 1.5}");
        assert_eq!(build, json!({"provenance": "mode=max", "sbom": "1.5"}));
    }

    #[test]
    fn key_value_items_become_mappings() {
        // Observed: `additional_contexts: ["a=b"]` → `{a: b}`.
        let build = canonical_service_key("build", "{additional_contexts: [\"a=b=c\", x=, x=y]}");
        assert_eq!(
            build,
            json!({"additional_contexts": {"a": "b=c", "x": "y"}})
        );
        // Observed with docker compose v2.40.3.
        assert_eq!(
            canonical_error(&service_with("build", "{additional_contexts: [ab]}")),
            "services.web.build.additional_contexts: invalid value ab, expected key=value"
        );
        assert_eq!(
            canonical_error(&service_with("build", "{additional_contexts: a}")),
            "services.web.build.additional_contexts: invalid type string"
        );
        // Observed with --no-interpolate: the list stays as written.
        let kept = try_canonical(
            &service_with("build", "{additional_contexts: [\"a=b\", ab]}"),
            Interpolation::Skipped,
        )
        .unwrap();
        assert_eq!(
            kept["services"]["web"]["build"]["additional_contexts"],
            json!(["a=b", "ab"])
        );
    }
}
