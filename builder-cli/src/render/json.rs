//! `--format json`: one document with every finding (schema in docs/json-output.md).

use super::{Totals, positions};
use plumb_core::{Analysis, Position, SourceFile, Span};
use serde_json::{Value, json};

/// The version of the JSON output; bumped on any incompatible change.
const SCHEMA_VERSION: u32 = 1;

pub fn render(analysis: &Analysis) -> String {
    let diagnostics: Vec<Value> = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let file = analysis.file(&diagnostic.file);
            let rule = plumb_core::rules::find(diagnostic.code);
            json!({
                "code": diagnostic.code,
                "name": rule.map(|rule| rule.name),
                "severity": diagnostic.severity,
                "message": diagnostic.message,
                "file": diagnostic.file,
                "start": location(file, diagnostic.span.start),
                "end": location(file, diagnostic.span.end),
                "labels": diagnostic.labels.iter().map(|label| json!({
                    "message": label.message,
                    "start": location(file, label.span.start),
                    "end": location(file, label.span.end),
                })).collect::<Vec<_>>(),
                "notes": diagnostic.notes,
                "fixes": diagnostic.fixes.iter().map(|fix| json!({
                    "title": fix.title,
                    "applicability": fix.applicability,
                    "edits": fix.edits.iter().map(|edit| json!({
                        "start": location(file, edit.span.start),
                        "end": location(file, edit.span.end),
                        "replacement": edit.replacement,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let totals = Totals::of(analysis);
    let document = json!({
        "version": SCHEMA_VERSION,
        "files": analysis.files.iter().map(|file| json!({
            "path": file.source.path(),
            "kind": file.kind,
        })).collect::<Vec<_>>(),
        "diagnostics": diagnostics,
        "summary": {
            "files": analysis.files.len(),
            "errors": totals.errors,
            "warnings": totals.warnings,
            "infos": totals.infos,
        },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn location(file: Option<&SourceFile>, offset: usize) -> Value {
    let (
        Position {
            line,
            column,
            utf16_column,
        },
        _,
    ) = positions(file, Span::point(offset));
    json!({ "offset": offset, "line": line, "column": column, "utf16_column": utf16_column })
}
