//! CP401: the top-level `version`, which compose ignores.

use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "CP401",
    name: "obsolete-version",
    title: "Obsolete `version` attribute",
    severity: Severity::Info,
    upstream: &[
        Upstream::DockerCompose(
            "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
        ),
        Upstream::Dclint("no-version-field"),
    ],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "The Compose Specification has no file versions: docker compose ignores `version` \
and warns about it, and the features a file may use do not depend on it. Remove the line.\n\n\
The fix deletes the `version` line, with a comment at its end; comments on the lines around \
it stay. It is offered when the key starts its line and its value is written on that line \
and used nowhere else (no anchor an alias copies), and its document has other keys."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "version: \"3.8\"\nservices:\n  web:\n    image: nginx:1.28\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n",
    )])),
};

/// The fix for the `version` whose value is written at `span`: its whole line deleted, when
/// the key starts the line, the value (used nowhere else) ends on it with at most a comment
/// after it, and the document has other keys.
pub fn fix(text: &str, documents: &[Node], span: Span) -> Option<Fix> {
    let (entries, entry) = documents.iter().find_map(|document| {
        let entries = document.as_mapping()?;
        let entry = entries
            .iter()
            .find(|entry| entry.key.as_str() == Some("version") && entry.value.span == span)?;
        Some((entries, entry))
    })?;
    let key = entry.key.span;
    let line_start = text[..key.start]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let line_end = text[key.start..]
        .find('\n')
        .map_or(text.len(), |newline| key.start + newline + 1);
    let written_on_the_line =
        key.start == line_start && span.start >= key.end && span.end <= line_end;
    if entries.len() < 2 || !written_on_the_line {
        return None;
    }
    let between = text.get(key.end..span.start)?.trim();
    let after = text.get(span.end..line_end)?.trim();
    if between != ":" || !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    if super::scalar_copies(documents, span) != 1 {
        return None;
    }
    Some(Fix {
        title: "remove the `version` line".to_owned(),
        applicability: Applicability::Safe,
        edits: vec![Edit::new(Span::new(line_start, line_end), "")],
    })
}
