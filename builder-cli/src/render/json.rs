//! `--format json`: one document with every finding (schema in docs/json-output.md).

use super::{Totals, positions};
use plumb_core::diagnostic::Applicability;
use plumb_core::{Analysis, FileKind, Severity, SourceFile, Span};
use serde::Serialize;

/// The version of the JSON output; bumped on any incompatible change.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: Vec<FileEntry<'a>>,
    diagnostics: Vec<DiagnosticEntry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    kind: FileKind,
}

#[derive(Serialize)]
struct DiagnosticEntry<'a> {
    code: &'a str,
    name: Option<&'a str>,
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

pub fn render(analysis: &Analysis) -> String {
    let diagnostics = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let file = analysis.file(&diagnostic.file);
            let at = |offset| location(file, offset);
            DiagnosticEntry {
                code: diagnostic.code,
                name: plumb_core::rules::find(diagnostic.code).map(|rule| rule.name),
                severity: diagnostic.severity,
                message: &diagnostic.message,
                file: &diagnostic.file,
                start: at(diagnostic.span.start),
                end: at(diagnostic.span.end),
                labels: diagnostic
                    .labels
                    .iter()
                    .map(|label| LabelEntry {
                        message: &label.message,
                        start: at(label.span.start),
                        end: at(label.span.end),
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
                                start: at(edit.span.start),
                                end: at(edit.span.end),
                                replacement: &edit.replacement,
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let totals = Totals::of(analysis);
    let document = Document {
        version: SCHEMA_VERSION,
        files: analysis
            .files
            .iter()
            .map(|file| FileEntry {
                path: file.source.path(),
                kind: file.kind,
            })
            .collect(),
        diagnostics,
        summary: Summary {
            files: analysis.files.len(),
            errors: totals.errors,
            warnings: totals.warnings,
            infos: totals.infos,
        },
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
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
