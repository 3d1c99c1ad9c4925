//! `--format sarif`: SARIF 2.1.0 for code-scanning tools. Columns are UTF-16 code units,
//! SARIF's default `columnKind`.

use super::positions;
use crate::discover::Problem;
use plumb_core::diagnostic::{Applicability, Edit, Fix};
use plumb_core::rules::Rule;
use plumb_core::{Analysis, Diagnostic, Severity, SourceFile, Span};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The findings, and the paths that could not be checked as the run's tool execution
/// notifications (the run is then not successful).
pub fn render(analysis: &Analysis, problems: &[Problem]) -> String {
    // The rules that fired, in code order, so results can point at them by index.
    let fired: Vec<&'static Rule> = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.rule)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let results: Vec<Value> = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let file = analysis.file(&diagnostic.file);
            let mut result = json!({
                "ruleId": diagnostic.code(),
                "ruleIndex": fired.iter().position(|rule| *rule == diagnostic.rule),
                "level": level(diagnostic.severity),
                "message": { "text": diagnostic.message },
                "locations": [{ "physicalLocation": physical_location(&diagnostic.file, file, diagnostic.span) }],
            });
            if !diagnostic.labels.is_empty() {
                result["relatedLocations"] = diagnostic
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(id, label)| {
                        let path = label.file.as_deref().unwrap_or(&diagnostic.file);
                        json!({
                            "id": id,
                            "message": { "text": label.message },
                            "physicalLocation": physical_location(path, analysis.file(path), label.span),
                        })
                    })
                    .collect();
            }
            if !diagnostic.fixes.is_empty() {
                result["fixes"] = diagnostic
                    .fixes
                    .iter()
                    .map(|fix| {
                        json!({
                            "description": { "text": fix.title },
                            "properties": { "safe": fix.applicability == Applicability::Safe },
                            "artifactChanges": artifact_changes(analysis, diagnostic, fix),
                        })
                    })
                    .collect();
            }
            result
        })
        .collect();
    let mut document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "plumb",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": fired.iter().map(|rule| rule_descriptor(rule)).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    if !problems.is_empty() {
        document["runs"][0]["invocations"] = json!([{
            "executionSuccessful": false,
            "toolExecutionNotifications": problems.iter().map(|problem| json!({
                "level": "error",
                "message": { "text": format!("{}: {}", problem.path, problem.reason) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&problem.path) } } }],
            })).collect::<Vec<_>>(),
        }]);
    }
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn rule_descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.explanation },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "category": rule.category(),
            "upstream": rule.upstream.iter().map(|upstream| format!("{}: {}", upstream.tool(), upstream.code())).collect::<Vec<_>>(),
        },
    })
}

/// A fix's edits, one change per file they touch.
fn artifact_changes(analysis: &Analysis, diagnostic: &Diagnostic, fix: &Fix) -> Vec<Value> {
    let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for edit in &fix.edits {
        let path = edit.file.as_deref().unwrap_or(&diagnostic.file);
        by_file.entry(path).or_default().push(edit);
    }
    by_file
        .into_iter()
        .map(|(path, edits)| {
            let file = analysis.file(path);
            json!({
                "artifactLocation": { "uri": uri(path) },
                "replacements": edits.iter().map(|edit| json!({
                    "deletedRegion": region(file, edit.span),
                    "insertedContent": { "text": edit.replacement },
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn physical_location(path: &str, file: Option<&SourceFile>, span: Span) -> Value {
    json!({
        "artifactLocation": { "uri": uri(path) },
        "region": region(file, span),
    })
}

fn region(file: Option<&SourceFile>, span: Span) -> Value {
    let (start, end) = positions(file, span);
    json!({
        "startLine": start.line,
        "startColumn": start.utf16_column,
        "endLine": end.line,
        "endColumn": end.utf16_column,
    })
}

/// A URI for a path (`file://` for absolute paths, else a relative reference): `/`-separated, with characters outside RFC 3986's
/// unreserved set and `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut encoded = String::from(if path.starts_with('/') { "file://" } else { "" });
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("svc/my app/Dockerfile"), "svc/my%20app/Dockerfile");
        assert_eq!(uri("é"), "%C3%A9");
        assert_eq!(uri("/srv/Dockerfile"), "file:///srv/Dockerfile");
    }
}
