//! `--format json`: one document with every finding (schema in docs/json-output.md).

use super::nested_json::{INDENT, write_nested};
use super::{Totals, positions};
use crate::parallel;
use plumb_core::diagnostic::Applicability;
use plumb_core::{Analysis, Diagnostic, FileKind, Severity, SourceFile, Span};
use serde::Serialize;
use std::io::{self, Write};

/// The version of the JSON output; bumped on any incompatible change.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    kind: FileKind,
}

#[derive(Serialize)]
struct DiagnosticEntry<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    start: Location,
    end: Location,
    labels: Vec<LabelEntry<'a>>,
    notes: &'a [String],
    fixes: Vec<FixEntry<'a>>,
}

#[derive(Serialize)]
struct LabelEntry<'a> {
    /// Only when the label points into another file than the finding's.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    message: &'a str,
    start: Location,
    end: Location,
}

#[derive(Serialize)]
struct FixEntry<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<EditEntry<'a>>,
}

#[derive(Serialize)]
struct EditEntry<'a> {
    /// Only when the edit changes another file than the finding's.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    start: Location,
    end: Location,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Location {
    offset: usize,
    line: usize,
    column: usize,
    utf16_column: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// Writes the document to `out`. Its layout is serde_json's pretty one (keys in the order
/// of the schema); the findings are rendered on every core and written as they come.
pub fn write(analysis: &Analysis, out: &mut impl Write) -> io::Result<()> {
    // Findings are most of the output and independent of each other: render them on every
    // core, each run of them as a stretch of the `diagnostics` array.
    let runs = parallel::map_runs(&analysis.diagnostics, |run| {
        let mut text = Vec::new();
        for (index, diagnostic) in run.iter().enumerate() {
            if index > 0 {
                text.extend_from_slice(ITEM_SEPARATOR.as_bytes());
            }
            write_nested(&mut text, &diagnostic_entry(analysis, diagnostic), 2);
        }
        text
    });
    let files: Vec<FileEntry> = analysis
        .files
        .iter()
        .map(|file| FileEntry {
            path: file.source.path(),
            kind: file.kind,
        })
        .collect();
    let mut head =
        format!("{{\n{INDENT}\"version\": {SCHEMA_VERSION},\n{INDENT}\"files\": ").into_bytes();
    write_nested(&mut head, &files, 1);
    head.extend_from_slice(format!(",\n{INDENT}\"diagnostics\": [").as_bytes());
    out.write_all(&head)?;
    for (index, run) in runs.iter().enumerate() {
        let separator = if index == 0 {
            format!("\n{INDENT}{INDENT}")
        } else {
            ITEM_SEPARATOR.to_owned()
        };
        out.write_all(separator.as_bytes())?;
        out.write_all(run)?;
    }
    let totals = Totals::of(analysis);
    let summary = Summary {
        files: analysis.files.len(),
        errors: totals.errors,
        warnings: totals.warnings,
        infos: totals.infos,
    };
    let mut tail = if runs.is_empty() {
        b"]".to_vec()
    } else {
        format!("\n{INDENT}]").into_bytes()
    };
    tail.extend_from_slice(format!(",\n{INDENT}\"summary\": ").as_bytes());
    write_nested(&mut tail, &summary, 1);
    tail.extend_from_slice(b"\n}\n");
    out.write_all(&tail)
}

/// Between two entries of the `diagnostics` array.
const ITEM_SEPARATOR: &str = ",\n    ";

fn diagnostic_entry<'a>(analysis: &'a Analysis, diagnostic: &'a Diagnostic) -> DiagnosticEntry<'a> {
    // Labels and edits point into the finding's file unless they name another.
    let at = |other: &Option<String>, offset| {
        let path = other.as_deref().unwrap_or(&diagnostic.file);
        location(analysis.file(path), offset)
    };
    let own = None;
    DiagnosticEntry {
        code: diagnostic.code(),
        name: diagnostic.rule.name,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        file: &diagnostic.file,
        start: at(&own, diagnostic.span.start),
        end: at(&own, diagnostic.span.end),
        labels: diagnostic
            .labels
            .iter()
            .map(|label| LabelEntry {
                file: label.file.as_deref(),
                message: &label.message,
                start: at(&label.file, label.span.start),
                end: at(&label.file, label.span.end),
            })
            .collect(),
        notes: &diagnostic.notes,
        fixes: diagnostic
            .fixes
            .iter()
            .map(|fix| FixEntry {
                title: &fix.title,
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| EditEntry {
                        file: edit.file.as_deref(),
                        start: at(&edit.file, edit.span.start),
                        end: at(&edit.file, edit.span.end),
                        replacement: &edit.replacement,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn location(file: Option<&SourceFile>, offset: usize) -> Location {
    let (position, _) = positions(file, Span::point(offset));
    Location {
        offset,
        line: position.line,
        column: position.column,
        utf16_column: position.utf16_column,
    }
}
