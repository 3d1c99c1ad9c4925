//! Rendering an analysis for people (`human`) and for tools (`json`, `sarif`).

pub mod human;
pub mod json;
mod nested_json;
pub mod sarif;

use plumb_core::{Analysis, Position, SourceFile, Span};

/// Start and end positions of a span, for renderers that speak lines and columns.
pub fn positions(file: Option<&SourceFile>, span: Span) -> (Position, Position) {
    match file {
        Some(file) => (file.position(span.start), file.position(span.end)),
        None => {
            let origin = Position {
                line: 1,
                column: 1,
                utf16_column: 1,
            };
            (origin, origin)
        }
    }
}

/// Counts of findings by severity, for summaries.
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(analysis: &Analysis) -> Self {
        let count = |severity| {
            analysis
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.severity == severity)
                .count()
        };
        Self {
            errors: count(plumb_core::Severity::Error),
            warnings: count(plumb_core::Severity::Warning),
            infos: count(plumb_core::Severity::Info),
        }
    }
}
