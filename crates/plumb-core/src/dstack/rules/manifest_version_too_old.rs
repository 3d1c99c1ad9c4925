//! DS002: a feature of manifest version 3 in an older manifest.

use super::super::version::{DstackVersion, MANIFEST_3};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json_tree::{JsonNode, JsonValue};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DS002",
    name: "manifest-version-too-old",
    title: "Manifest version 3 feature in an older manifest",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`requirements`, the `nerdctl-compose` runner and more than one `init_script` need \
`manifest_version: \"3\"` (a string): guests older than dstack 0.6 parse the version as a \
number and so refuse such a file instead of booting without the feature, and a 0.6 guest \
refuses the feature in an older manifest. Write `\"manifest_version\": \"3\"`. With \
`version` in `[dstack]` of plumb.toml older than 0.6, manifest version 3 itself is \
reported: that release cannot boot it."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"requirements\": {\"os_version\": \">=0.6.0\"}}",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": \"3\", \"name\": \"app\", \"runner\": \"docker-compose\", \"requirements\": {\"os_version\": \">=0.6.0\"}}",
    )])),
};

/// `dstack`: the release the app runs on, when plumb.toml says.
pub fn check(root: &JsonNode, dstack: Option<DstackVersion>, diagnostics: &mut Vec<Diagnostic>) {
    let manifest = root.get("manifest_version");
    let version = manifest.and_then(|node| match &node.value {
        JsonValue::Number(number) | JsonValue::String(number) => number.parse::<u32>().ok(),
        _ => None,
    });
    if let (Some(node), Some(3..), Some(release)) = (manifest, version, dstack)
        && release < MANIFEST_3
    {
        diagnostics.push(Diagnostic::new(
            &RULE,
            node.span,
            format!("dstack {release} reads manifest versions 1 and 2 only; version 3 needs {MANIFEST_3}"),
        ));
    }
    if version.is_none_or(|version| version >= 3) {
        return;
    }
    let mut needs = |node: &JsonNode, what: &str| {
        diagnostics.push(Diagnostic::new(
            &RULE,
            node.span,
            format!("{what} needs manifest_version \"3\""),
        ));
    };
    if let Some(requirements) = root.get("requirements") {
        needs(requirements, "`requirements`");
    }
    if let Some(runner) = root
        .get("runner")
        .filter(|runner| runner.as_str() == Some("nerdctl-compose"))
    {
        needs(runner, "the nerdctl-compose runner");
    }
    if let Some(scripts) = root.get("init_script")
        && matches!(&scripts.value, JsonValue::Array(items) if items.len() > 1)
    {
        needs(scripts, "more than one init_script");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str, release: Option<&str>) -> Vec<String> {
        let root = crate::json_tree::parse(text).unwrap();
        super::super::messages_of(|found| {
            check(&root, release.and_then(DstackVersion::parse), found)
        })
    }

    #[test]
    fn manifest_3_needs_a_0_6_guest() {
        let text = r#"{"manifest_version": "3", "name": "a", "runner": "docker-compose"}"#;
        assert_eq!(messages(text, None), Vec::<String>::new());
        assert_eq!(messages(text, Some("0.6.0")), Vec::<String>::new());
        assert_eq!(
            messages(text, Some("0.5.11")),
            ["dstack 0.5.11 reads manifest versions 1 and 2 only; version 3 needs 0.6.0"]
        );
    }
}
