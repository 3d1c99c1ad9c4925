//! Top-level volumes, networks, secrets and configs: the deprecated `external: {name: x}`
//! becomes `name: x` with `external: true`.

use super::{Canonical, expected};
use crate::compose::tree::{self, Notice, TreePath};
use crate::yaml::{Node, Value};

pub fn maybe_external(
    step: &mut Canonical,
    node: &mut Node,
    path: &TreePath,
) -> Result<(), Notice> {
    match node.value {
        Value::Null => return Ok(()),
        Value::Mapping(_) => tree::walk_children(step, node, path)?,
        _ => return Err(expected("a mapping", path, node)),
    }
    let Some(external) = node.get("external") else {
        return Ok(());
    };
    if !matches!(external.value, Value::Mapping(_)) {
        return Ok(());
    }
    let external_name = external.get("name").cloned();
    let declared = tree::made(Value::Bool(true), external);
    tree::set(node, "external", declared);
    let Some(external_name) = external_name else {
        return Ok(());
    };
    step.warnings.push(Notice::new(
        format!("{path}: external.name is deprecated. Please set name and external: true"),
        path,
        &external_name,
    ));
    match node.get("name") {
        None => tree::set(node, "name", external_name),
        Some(name) if name.value != external_name.value => {
            let message = format!("{path}: name and external.name conflict; only use name");
            return Err(Notice::new(message, path, name));
        }
        Some(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Interpolation, canonical};
    use crate::yaml;
    use serde_json::json;

    #[test]
    fn external_names_move_to_name() {
        // Observed: `external: {name: real}` → `name: real, external: true`, with a warning.
        let text = "volumes:\n  v:\n    external:\n      name: real\n";
        let mut root = yaml::parse(text).unwrap().remove(0);
        let warnings = canonical(&mut root, Interpolation::Done).unwrap();
        assert_eq!(
            crate::compose::tree::to_json(&root),
            json!({"volumes": {"v": {"external": true, "name": "real"}}})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].message,
            "volumes.v: external.name is deprecated. Please set name and external: true"
        );
        assert_eq!(&text[warnings[0].span.start..warnings[0].span.end], "real");
    }

    #[test]
    fn other_forms_are_kept() {
        // Observed: `external: {}` → `external: true`; the same name twice is accepted.
        let model = canonical_json(
            "networks:\n  n: {external: {}}\n  m:\n  o: {external: true, name: x}\n\
             secrets:\n  s: {name: a, external: {name: a}}\nconfigs:\n  c: {file: ./c}\n",
        );
        assert_eq!(
            model,
            json!({
                "networks": {"n": {"external": true}, "m": null, "o": {"external": true, "name": "x"}},
                "secrets": {"s": {"name": "a", "external": true}},
                "configs": {"c": {"file": "./c"}},
            })
        );
    }

    #[test]
    fn a_different_name_is_an_error() {
        // Observed with docker compose v2.40.3 (after the deprecation warning).
        assert_eq!(
            canonical_error("volumes:\n  v: {name: a, external: {name: b}}\n"),
            "volumes.v: name and external.name conflict; only use name"
        );
        assert_eq!(
            canonical_error("volumes:\n  v: 1\n"),
            "volumes.v: expected a mapping, got int"
        );
    }
}
