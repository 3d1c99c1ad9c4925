//! `--format human`: each finding with its source line and the span underlined.

use super::Totals;
use crate::style::Style;
use plumb_core::{Analysis, Diagnostic, SourceFile, Span};
use std::fmt::Write;

/// The findings, then a summary; `unchecked` paths could not be read.
pub fn render(analysis: &Analysis, style: Style, unchecked: usize) -> String {
    let mut out = String::new();
    for diagnostic in &analysis.diagnostics {
        render_diagnostic(&mut out, diagnostic, analysis.file(&diagnostic.file), style);
        out.push('\n');
    }
    out.push_str(&summary(analysis, unchecked));
    out.push('\n');
    out
}

fn render_diagnostic(
    out: &mut String,
    diagnostic: &Diagnostic,
    file: Option<&SourceFile>,
    style: Style,
) {
    let heading = format!("{}[{}]", diagnostic.severity, diagnostic.code);
    let _ = writeln!(
        out,
        "{}: {}",
        style.severity(diagnostic.severity, &heading),
        style.bold(&diagnostic.message)
    );
    let Some(file) = file else {
        let _ = writeln!(out, " --> {}", diagnostic.file);
        return;
    };
    let start = file.position(diagnostic.span.start);
    let gutter_width = file
        .position(diagnostic.span.end)
        .line
        .to_string()
        .len()
        .max(2);
    let gutter = " ".repeat(gutter_width);
    let _ = writeln!(
        out,
        "{gutter}{} {}:{}:{}",
        style.dim("-->"),
        file.path(),
        start.line,
        start.column
    );
    let _ = writeln!(out, "{gutter} {}", style.dim("|"));
    snippet(out, file, diagnostic.span, '^', None, gutter_width, style);
    for label in &diagnostic.labels {
        snippet(
            out,
            file,
            label.span,
            '-',
            Some(&label.message),
            gutter_width,
            style,
        );
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "{gutter} {} note: {note}", style.dim("="));
    }
    for fix in &diagnostic.fixes {
        let _ = writeln!(
            out,
            "{gutter} {} fix ({:?}): {}",
            style.dim("="),
            fix.applicability,
            fix.title
        );
    }
}

/// One source line with `marker`s under the span's part on that line.
fn snippet(
    out: &mut String,
    file: &SourceFile,
    span: Span,
    marker: char,
    message: Option<&str>,
    gutter_width: usize,
    style: Style,
) {
    let start = file.position(span.start);
    let line_span = file.line_span(start.line - 1);
    let line = file.slice(line_span);
    let before = file.slice(Span::new(
        line_span.start,
        span.start.clamp(line_span.start, line_span.end),
    ));
    let under = file.slice(Span::new(
        span.start.clamp(line_span.start, line_span.end),
        span.end.clamp(line_span.start, line_span.end),
    ));
    let continues = span.end > line_span.end;
    let number = format!("{:>gutter_width$}", start.line);
    let _ = writeln!(
        out,
        "{} {} {}",
        style.dim(&number),
        style.dim("|"),
        expand_tabs(line)
    );
    let padding = " ".repeat(display_width(before));
    let markers = marker.to_string().repeat(display_width(under).max(1));
    let mut tail = String::new();
    if continues {
        tail.push_str(" …");
    }
    if let Some(message) = message {
        tail.push(' ');
        tail.push_str(message);
    }
    let underline = style.severity_marker(marker, &format!("{markers}{tail}"));
    let _ = writeln!(
        out,
        "{} {} {padding}{underline}",
        " ".repeat(gutter_width),
        style.dim("|")
    );
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', "    ")
}

fn display_width(text: &str) -> usize {
    text.chars().map(|ch| if ch == '\t' { 4 } else { 1 }).sum()
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

    #[test]
    fn underlines_the_span_after_non_ascii_text() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM scratch\n# café\n\tRUNN é\n",
        );
        let text = render(&analyze(&workspace), Style::plain(), 0);
        assert!(
            text.contains("error[DF001]: unknown instruction: RUNN (did you mean RUN?)"),
            "{text}"
        );
        assert!(text.contains(" --> Dockerfile:3:2\n"), "{text}");
        assert!(text.contains(" 3 |     RUNN é\n   |     ^^^^\n"), "{text}");
        assert!(text.ends_with("Found 1 error in 1 file.\n"), "{text}");
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
