//! `--format human`: each finding with the source lines it is about, its span underlined and
//! its labels drawn under the same lines, then its notes and fixes. The layout is rustc's,
//! drawn by `annotate-snippets`; findings are rendered on every core and joined in order.

use super::Totals;
use crate::parallel;
use crate::style::Style;
use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use plumb_core::diagnostic::{Applicability, Label};
use plumb_core::{Analysis, Diagnostic, Severity, SourceFile, Span};
use std::collections::BTreeSet;

/// Source lines are shown whole, however long (the renderer would cut them to fit a width).
const LINE_WIDTH: usize = 1 << 20;

/// The findings, then a summary; `unchecked` paths could not be read.
pub fn render(analysis: &Analysis, style: Style, unchecked: usize) -> String {
    let renderer = if style.enabled() {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(LINE_WIDTH);
    let runs = parallel::map_runs(&analysis.diagnostics, |run| {
        let mut out = String::new();
        for diagnostic in run {
            out.push_str(&renderer.render(&[group(diagnostic, analysis)]));
            out.push_str("\n\n");
        }
        out
    });
    let mut out = runs.concat();
    out.push_str(&summary(analysis, unchecked));
    out.push('\n');
    out
}

/// One finding: title, source lines with the span (primary) and the labels (context; those in
/// other files under their own file's lines), notes and fixes.
fn group<'a>(diagnostic: &'a Diagnostic, analysis: &'a Analysis) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code());
    let mut group = Group::with_title(title);
    let own_labels = || {
        diagnostic
            .labels
            .iter()
            .filter(|label| label.file.is_none())
    };
    group = match analysis.file(&diagnostic.file) {
        Some(file) => group.element(snippet(file, Some(diagnostic.span), own_labels)),
        None => group.element(Origin::path(diagnostic.file.as_str())),
    };
    let other_files: BTreeSet<&str> = diagnostic
        .labels
        .iter()
        .filter_map(|label| label.file.as_deref())
        .collect();
    for path in other_files {
        let labels = || {
            diagnostic
                .labels
                .iter()
                .filter(move |label| label.file.as_deref() == Some(path))
        };
        group = match analysis.file(path) {
            Some(file) => group.element(snippet(file, None, labels)),
            None => group.element(Origin::path(path)),
        };
    }
    for note in &diagnostic.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    for fix in &diagnostic.fixes {
        let name = match fix.applicability {
            Applicability::Safe => "fix (safe)",
            Applicability::Unsafe => "fix (unsafe)",
        };
        group = group.element(Level::HELP.with_name(name).message(fix.title.as_str()));
    }
    group
}

/// The lines of `file` from the first to the last one the primary span or a label touches
/// (unmarked lines between are folded away), with the spans made relative to them.
fn snippet<'a, Labels>(
    file: &'a SourceFile,
    primary: Option<Span>,
    labels: impl Fn() -> Labels,
) -> Snippet<'a, Annotation<'a>>
where
    Labels: Iterator<Item = &'a Label>,
{
    let spans = || primary.into_iter().chain(labels().map(|label| label.span));
    let first = spans()
        .map(|span| file.line_index(span.start))
        .min()
        .unwrap_or(0);
    let last = spans()
        .map(|span| file.line_index(last_offset(span)))
        .max()
        .unwrap_or(first);
    let window = Span::new(file.line_span(first).start, file.line_span(last).end);
    let relative = |span: Span| {
        let clamp = |offset: usize| offset.clamp(window.start, window.end) - window.start;
        clamp(span.start)..clamp(span.end)
    };
    let mut snippet = Snippet::source(file.slice(window))
        .line_start(first + 1)
        .path(file.path());
    if let Some(span) = primary {
        snippet = snippet.annotation(AnnotationKind::Primary.span(relative(span)));
    }
    for label in labels() {
        snippet = snippet.annotation(
            AnnotationKind::Context
                .span(relative(label.span))
                .label(label.message.as_str()),
        );
    }
    snippet
}

/// The offset of a span's last byte (its start when it is empty).
fn last_offset(span: Span) -> usize {
    if span.is_empty() {
        span.start
    } else {
        span.end - 1
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn summary(analysis: &Analysis, unchecked: usize) -> String {
    let totals = Totals::of(analysis);
    let files = plural(analysis.files.len(), "file");
    let mut parts = Vec::new();
    for (count, word) in [
        (totals.errors, "error"),
        (totals.warnings, "warning"),
        (totals.infos, "info"),
    ] {
        if count > 0 {
            parts.push(plural(count, word));
        }
    }
    let found = match parts.as_slice() {
        [] => format!("No problems found in {files}"),
        [only] => format!("Found {only} in {files}"),
        [first @ .., last] => format!("Found {} and {last} in {files}", first.join(", ")),
    };
    match unchecked {
        0 => format!("{found}."),
        1 => format!("{found}; 1 path could not be checked."),
        count => format!("{found}; {count} paths could not be checked."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumb_core::{FileKind, Workspace, analyze};

    fn rendered(text: &str) -> String {
        let mut workspace = Workspace::new();
        workspace.add_file("Dockerfile", FileKind::Dockerfile, text);
        render(&analyze(&workspace), Style::plain(), 0)
    }

    #[test]
    fn underlines_the_span_after_non_ascii_text() {
        let text = rendered("FROM scratch\n# café\n\tRUNN é\n");
        assert!(
            text.contains("error[DF001]: unknown instruction: RUNN (did you mean RUN?)"),
            "{text}"
        );
        assert!(text.contains(" --> Dockerfile:3:2\n"), "{text}");
        assert!(text.contains("3 |     RUNN é\n  |     ^^^^\n"), "{text}");
        assert!(text.ends_with("Found 1 error in 1 file.\n"), "{text}");
    }

    #[test]
    fn empty_files_and_spans_at_the_end_render() {
        let text = rendered("");
        assert!(text.contains("[DF006]"), "{text}");
        let text = rendered("FROM scratch\r\nRUNN a\r\n");
        assert!(
            text.contains(" --> Dockerfile:2:1\n  |\n2 | RUNN a\n  | ^^^^\n"),
            "{text}"
        );
    }

    #[test]
    fn summaries() {
        assert_eq!(plural(2, "file"), "2 files");
        let empty = Analysis::default();
        assert_eq!(summary(&empty, 0), "No problems found in 0 files.");
        assert_eq!(
            summary(&empty, 2),
            "No problems found in 0 files; 2 paths could not be checked."
        );
    }
}
