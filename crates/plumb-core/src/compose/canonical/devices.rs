//! Devices a service is given: `devices:` entries written `source[:target[:permissions]]`,
//! and `gpus: all`.

use super::{Canonical, invalid_type};
use crate::compose::tree::{self, Notice, TreePath};
use crate::yaml::{Node, Value};

/// `/dev/a:/dev/b:r` is `{source: /dev/a, target: /dev/b, permissions: r}`; the target is
/// the source and the permissions `rwm` where left out. More than three parts is an error,
/// or empty source and target when variables were not substituted.
pub fn device_mapping(
    step: &mut Canonical,
    node: &mut Node,
    path: &TreePath,
) -> Result<(), Notice> {
    let spec = match &node.value {
        Value::Mapping(_) => return Ok(()),
        Value::String(spec) => spec,
        _ => return Err(invalid_type(path, node, "for service volume mount")),
    };
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, target, permissions) = match parts[..] {
        [source] => (source, "", "rwm"),
        [source, target] => (source, target, "rwm"),
        [source, target, permissions] => (source, target, permissions),
        _ if step.keep_unparsable => ("", "", "rwm"),
        _ => {
            let message = format!("confusing device mapping, please use long syntax: {spec}");
            return Err(Notice::new(message, path, node));
        }
    };
    let target = if target.is_empty() { source } else { target };
    let fields = [
        ("source", source),
        ("target", target),
        ("permissions", permissions),
    ];
    let fields = fields
        .into_iter()
        .map(|(key, value)| (key.to_owned(), tree::string(value, node)))
        .collect();
    *node = tree::mapping(fields, node);
    Ok(())
}

/// `gpus: all` (any string) is `gpus: [{count: all}]`; a list is walked into.
pub fn gpus(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match node.value {
        Value::Sequence(_) => tree::walk_children(step, node, path),
        Value::String(_) => {
            let all = tree::mapping(vec![("count".to_owned(), tree::string("all", node))], node);
            *node = tree::sequence(vec![all], node);
            Ok(())
        }
        _ => Err(invalid_type(path, node, "for gpus")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Interpolation;
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn device_strings_become_mappings() {
        // Observed with docker compose v2.40.3.
        assert_eq!(
            canonical_service_key(
                "devices",
                "[/dev/a, \"/dev/b:/dev/c\", \"/dev/d:/dev/e:r\", \"/dev/f::rw\", \"\", {source: /x}]"
            ),
            json!([
                {"source": "/dev/a", "target": "/dev/a", "permissions": "rwm"},
                {"source": "/dev/b", "target": "/dev/c", "permissions": "rwm"},
                {"source": "/dev/d", "target": "/dev/e", "permissions": "r"},
                {"source": "/dev/f", "target": "/dev/f", "permissions": "rw"},
                {"source": "", "target": "", "permissions": "rwm"},
                {"source": "/x"},
            ])
        );
        assert_eq!(
            canonical_error(&service_with("devices", "[\"a:b:c:d\"]")),
            "confusing device mapping, please use long syntax: a:b:c:d"
        );
        assert_eq!(
            canonical_error(&service_with("devices", "[1]")),
            "services.web.devices.[]: invalid type int for service volume mount"
        );
        // Observed with --no-interpolate.
        let kept = try_canonical(
            &service_with("devices", "[\"a:b:c:d\"]"),
            Interpolation::Skipped,
        )
        .unwrap();
        assert_eq!(
            kept["services"]["web"]["devices"],
            json!([{"source": "", "target": "", "permissions": "rwm"}])
        );
    }

    #[test]
    fn gpus_all_becomes_a_request() {
        // Observed: `gpus: all` → `[{count: all}]`.
        assert_eq!(
            canonical_service_key("gpus", "all"),
            json!([{"count": "all"}])
        );
        assert_eq!(
            canonical_service_key("gpus", "[{driver: nvidia}]"),
            json!([{"driver": "nvidia"}])
        );
        assert_eq!(
            canonical_error(&service_with("gpus", "1")),
            "services.web.gpus: invalid type int for gpus"
        );
    }
}
