//! compose-go reads a file into string-keyed maps only (`convertToStringKeysRecursive`): a
//! key YAML reads as a number, a boolean or null is an error naming where it is, and the
//! document must be a mapping.

use crate::source::Span;
use crate::yaml::{FileId, Node, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub message: String,
    pub span: Span,
    pub file: FileId,
}

/// Checks that `document` is a mapping whose keys, at every depth, are strings.
pub fn check_string_keys(document: &Node) -> Result<(), KeyError> {
    if !matches!(document.value, Value::Mapping(_)) {
        return Err(KeyError {
            message: "top-level object must be a mapping".into(),
            span: document.span,
            file: document.file,
        });
    }
    check(document, "")
}

fn check(node: &Node, prefix: &str) -> Result<(), KeyError> {
    match &node.value {
        Value::Mapping(entries) => {
            for entry in entries {
                let Some(key) = entry.key.as_str() else {
                    let location = if prefix.is_empty() {
                        "at top level".to_owned()
                    } else {
                        format!("in {prefix}")
                    };
                    return Err(KeyError {
                        message: format!(
                            "non-string key {location}: {}",
                            go_syntax(&entry.key.value)
                        ),
                        span: entry.key.span,
                        file: entry.key.file,
                    });
                };
                let next = if prefix.is_empty() {
                    key.to_owned()
                } else {
                    format!("{prefix}.{key}")
                };
                check(&entry.value, &next)?;
            }
            Ok(())
        }
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| check(item, &format!("{prefix}[{index}]"))),
        _ => Ok(()),
    }
}

/// A key as Go's `%#v` prints it.
fn go_syntax(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::Timestamp(text) => format!("time.Time({text})"),
        other => super::go_format::sprint(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn error(text: &str) -> String {
        check_string_keys(&yaml::parse(text).unwrap()[0])
            .unwrap_err()
            .message
    }

    #[test]
    fn keys_must_be_strings_at_every_depth() {
        assert_eq!(
            error("services:\n  123:\n    image: a\n"),
            "non-string key in services: 123"
        );
        assert_eq!(
            error("services:\n  true:\n    image: a\n"),
            "non-string key in services: true"
        );
        assert_eq!(error("1: a\n"), "non-string key at top level: 1");
        assert_eq!(
            error("services:\n  web:\n    ports:\n      - {1: 2}\n"),
            "non-string key in services.web.ports[0]: 1"
        );
        assert_eq!(error("- a\n"), "top-level object must be a mapping");
        assert!(check_string_keys(&yaml::parse("'123': a\n").unwrap()[0]).is_ok());
    }
}
