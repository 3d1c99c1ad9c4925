//! `ulimits:` entries: a number (soft and hard limit alike) or `{soft, hard}`. Both forms
//! are kept as written; anything else is an error.

use super::{Canonical, invalid_type};
use crate::compose::tree::{Notice, TreePath, go_int};
use crate::yaml::{Node, Value};

pub fn ulimit(_: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match node.value {
        Value::Mapping(_) => Ok(()),
        _ if go_int(&node.value).is_some() => Ok(()),
        // compose-go's message says "external" here.
        _ => Err(invalid_type(path, node, "for external")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Interpolation;
    use super::super::test_support::*;
    use serde_json::json;

    #[test]
    fn numbers_and_mappings_are_kept() {
        // Observed: `{nproc: 5, nofile: {soft: 1, hard: 2}}` is kept.
        assert_eq!(
            canonical_service_key("ulimits", "{nproc: 5, nofile: {soft: 1, hard: 2}}"),
            json!({"nproc": 5, "nofile": {"soft": 1, "hard": 2}})
        );
        assert_eq!(
            canonical_service_key("build", "{ulimits: {nproc: 5}}"),
            json!({"ulimits": {"nproc": 5}})
        );
    }

    #[test]
    fn other_values_are_errors() {
        // Observed with docker compose v2.40.3 (a string only gets here uncast, without
        // interpolation; an integer beyond int64 decodes as uint64, beyond that as float64).
        for (value, message) in [
            (
                "\"10\"",
                "services.web.ulimits.nofile: invalid type string for external",
            ),
            (
                "9999999999999999999",
                "services.web.ulimits.nofile: invalid type uint64 for external",
            ),
            (
                "99999999999999999999",
                "services.web.ulimits.nofile: invalid type float64 for external",
            ),
        ] {
            let text = service_with("ulimits", &format!("{{nofile: {value}}}"));
            assert_eq!(
                try_canonical(&text, Interpolation::Skipped),
                Err(message.to_owned())
            );
        }
    }
}
