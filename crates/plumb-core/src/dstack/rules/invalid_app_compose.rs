//! DS001: an app-compose.json dstack's guest refuses to boot.

use super::super::app_compose_fields::{FIELDS, Field, FieldKind, MAX_INIT_SCRIPTS, find};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json_tree::{JsonError, JsonNode, JsonValue};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DS001",
    name: "invalid-app-compose",
    title: "app-compose.json that dstack refuses",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "The guest reads app-compose.json with serde into dstack's `AppCompose`: a file that \
is not JSON, lacks `manifest_version`, `name` or `runner`, or has a value of the wrong type \
for a key dstack reads stops the boot, and the app never starts. The commonest: \
`key_provider_id: null` (\"invalid type: null, expected a string\"; write `\"\"`), a boolean \
written as a string, `manifest_version: 3` as a number (only `\"3\"`, a string, is \
accepted, so older guests fail closed), a `runner` other than docker-compose, \
nerdctl-compose or bash, a `snapshotter` with another runner than nerdctl-compose, more \
than five `init_script`s, and a key dstack reads written twice."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"key_provider_id\": null}",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"key_provider_id\": \"\"}",
    )])),
};

/// The file is not JSON.
pub fn syntax(error: &JsonError) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        error.span,
        format!("not JSON, which dstack needs: {}", error.message),
    )
}

pub fn check(root: &JsonNode, diagnostics: &mut Vec<Diagnostic>) {
    let JsonValue::Object(members) = &root.value else {
        diagnostics.push(Diagnostic::new(
            &RULE,
            root.span,
            format!(
                "app-compose.json is {}; dstack reads an object",
                root.kind_name()
            ),
        ));
        return;
    };
    let opening = Span::new(root.span.start, root.span.start + 1);
    for field in FIELDS.iter().filter(|field| field.required) {
        if root.member(field.key).is_none() {
            diagnostics.push(Diagnostic::new(
                &RULE,
                opening,
                format!(
                    "missing field `{}`: dstack does not boot without it",
                    field.key
                ),
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for member in members {
        let Some(field) = find(&member.key) else {
            continue;
        };
        if seen.contains(&field.key) && field.kind != FieldKind::Any {
            diagnostics.push(Diagnostic::new(
                &RULE,
                member.key_span,
                format!(
                    "duplicate field `{}`: dstack refuses a key it reads written twice",
                    field.key
                ),
            ));
            continue;
        }
        seen.push(field.key);
        if let Some(problem) = problem(field, &member.value, root) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                member.value.span,
                format!("`{}`: {problem}", field.key),
            ));
        }
    }
}

/// What is wrong with `value` for `field`, as a phrase.
fn problem(field: &Field, value: &JsonNode, root: &JsonNode) -> Option<String> {
    let invalid = |expected: &str| {
        Some(format!(
            "invalid type: {}, expected {expected}",
            value.kind_name()
        ))
    };
    let one_of = |options: &[&str], case_sensitive: bool| -> Option<String> {
        let text = value.as_str()?;
        let known = options.iter().any(|option| {
            if case_sensitive {
                *option == text
            } else {
                option.eq_ignore_ascii_case(text)
            }
        });
        (!known).then(|| {
            crate::suggest::with_suggestion(
                format!("`{text}` is none of {}", options.join(", ")),
                text,
                options,
                case_sensitive,
            )
        })
    };
    match (field.kind, &value.value) {
        (FieldKind::Any, _)
        | (FieldKind::Bool, JsonValue::Bool(_))
        | (FieldKind::Text, JsonValue::String(_))
        | (FieldKind::OptionalText, JsonValue::String(_) | JsonValue::Null)
        | (FieldKind::Object, JsonValue::Object(_))
        | (FieldKind::List, JsonValue::Array(_))
        | (
            FieldKind::KeyProvider | FieldKind::StorageFs | FieldKind::Snapshotter,
            JsonValue::Null,
        ) => None,
        (FieldKind::Bool, _) => invalid("a boolean"),
        (FieldKind::Text, _) | (FieldKind::OptionalText, _) => invalid("a string"),
        (FieldKind::Object, _) => invalid("an object"),
        (FieldKind::List, _) => invalid("a sequence"),
        (FieldKind::Texts, JsonValue::Array(items)) => items
            .iter()
            .any(|item| item.as_str().is_none())
            .then(|| "every item must be a string".to_owned()),
        (FieldKind::Texts, _) => invalid("a sequence of strings"),
        (FieldKind::ManifestVersion, JsonValue::Number(number)) => (!matches!(
            number.as_str(),
            "1" | "2"
        ))
        .then(|| {
            format!(
                "{number}: a number may only be 1 or 2; write later versions as a string (\"3\")"
            )
        }),
        (FieldKind::ManifestVersion, JsonValue::String(text)) => {
            let canonical = !text.is_empty()
                && text.bytes().all(|digit| digit.is_ascii_digit())
                && !text.starts_with('0');
            match text.parse::<u32>() {
                Ok(1..=3) if canonical => None,
                Ok(version) if canonical => {
                    Some(format!("version {version}: the newest guest reads 3"))
                }
                _ => Some(format!(
                    "\"{text}\" is not a manifest version (1, 2 or \"3\")"
                )),
            }
        }
        (FieldKind::ManifestVersion, _) => invalid("a number or a string"),
        (FieldKind::Runner, JsonValue::String(_)) => {
            one_of(&["docker-compose", "nerdctl-compose", "bash"], true)
        }
        (FieldKind::Runner, _) => invalid("a string"),
        (FieldKind::KeyProvider, JsonValue::String(_)) => {
            one_of(&["none", "kms", "local", "tpm"], true)
        }
        (FieldKind::StorageFs, JsonValue::String(_)) => one_of(&["zfs", "ext4"], false),
        (FieldKind::Snapshotter, JsonValue::String(_)) => {
            if root.get("runner").and_then(JsonNode::as_str) != Some("nerdctl-compose") {
                Some("only the nerdctl-compose runner takes a snapshotter".to_owned())
            } else {
                one_of(&["overlayfs", "stargz"], true)
            }
        }
        (FieldKind::KeyProvider | FieldKind::StorageFs | FieldKind::Snapshotter, _) => {
            invalid("a string")
        }
        (FieldKind::Hex, JsonValue::String(text)) => crate::hex::decode(text)
            .err()
            .map(|error| format!("not hex: {error}")),
        (FieldKind::Hex, _) => invalid("a string"),
        (FieldKind::Size, JsonValue::Number(number)) => (number.starts_with('-')
            || number.contains(['.', 'e', 'E']))
        .then(|| format!("{number} is not a number of bytes")),
        (FieldKind::Size, JsonValue::String(text)) => (!is_size(text)).then(|| {
            format!("\"{text}\" is not a size (a number of bytes, 0x…, or with K, M, G or T)")
        }),
        (FieldKind::Size, _) => invalid("a number or a size"),
        (FieldKind::InitScript, JsonValue::String(_) | JsonValue::Null) => None,
        (FieldKind::InitScript, JsonValue::Array(items)) => {
            if items.iter().any(|item| item.as_str().is_none()) {
                Some("every script must be a string".to_owned())
            } else {
                (items.len() > MAX_INIT_SCRIPTS).then(|| {
                    format!(
                        "{} scripts: the guest runs at most {MAX_INIT_SCRIPTS}",
                        items.len()
                    )
                })
            }
        }
        (FieldKind::InitScript, _) => invalid("a string or a sequence of strings"),
        (FieldKind::EventLogVersion, JsonValue::Number(number)) => {
            (!matches!(number.as_str(), "1" | "2")).then(|| format!("{number} is neither 1 nor 2"))
        }
        (FieldKind::EventLogVersion, _) => invalid("1 or 2"),
    }
}

/// A size as dstack's `human_size` reads one: digits (or `0x` and hex digits), then an
/// optional K, M, G or T.
fn is_size(text: &str) -> bool {
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|digit| digit.is_ascii_hexdigit());
    }
    let number = text.trim_end_matches(['K', 'M', 'G', 'T', 'k', 'm', 'g', 't']);
    text.len() - number.len() <= 1
        && !number.is_empty()
        && number.bytes().all(|digit| digit.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let root = crate::json_tree::parse(text).unwrap();
        let mut diagnostics = Vec::new();
        check(&root, &mut diagnostics);
        diagnostics
            .into_iter()
            .map(|diagnostic| format!("{} {}", &text[diagnostic.span.range()], diagnostic.message))
            .collect()
    }

    const BASE: &str = r#""manifest_version": 2, "name": "app", "runner": "docker-compose""#;

    #[test]
    fn a_file_the_guest_boots_has_no_finding() {
        assert_eq!(
            problems(&format!(
                "{{{BASE}, \"key_provider_id\": \"ab\", \"swap_size\": \"2G\", \"init_script\": \"echo\"}}"
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            problems(
                r#"{"manifest_version": "3", "name": "a", "runner": "nerdctl-compose", "snapshotter": "stargz", "init_script": ["a", "b"]}"#
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn what_the_guest_refuses_is_named_at_the_value() {
        let found = problems(&format!(
            "{{{BASE}, \"key_provider_id\": null, \"kms_enabled\": \"true\", \"key_provider\": \"kmss\", \"snapshotter\": \"stargz\", \"name\": \"again\"}}"
        ));
        assert_eq!(
            found,
            [
                "null `key_provider_id`: invalid type: null, expected a string",
                "\"true\" `kms_enabled`: invalid type: a string, expected a boolean",
                "\"kmss\" `key_provider`: `kmss` is none of none, kms, local, tpm (did you mean kms?)",
                "\"stargz\" `snapshotter`: only the nerdctl-compose runner takes a snapshotter",
                "\"name\" duplicate field `name`: dstack refuses a key it reads written twice",
            ]
        );
        assert_eq!(
            problems(r#"{"manifest_version": 3, "runner": "docker"}"#),
            [
                "{ missing field `name`: dstack does not boot without it",
                "3 `manifest_version`: 3: a number may only be 1 or 2; write later versions as a string (\"3\")",
                "\"docker\" `runner`: `docker` is none of docker-compose, nerdctl-compose, bash",
            ]
        );
        assert_eq!(
            problems("[]"),
            ["[] app-compose.json is an array; dstack reads an object"]
        );
    }
}
