//! MK006: a `%` specifier mkosi does not know, which it drops from the value with a warning.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::mkosi::ini::Assignment;
use crate::mkosi::settings::Settings;
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK006",
    name: "unknown-specifier",
    title: "Unknown specifier",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "mkosi expands `%` specifiers in every value and condition: a setting's value (`%d` \
the distribution, `%r` the release, `%a` the architecture, `%i` the image ID, `%v` the \
version…), the configuration file's directory (`%C`) and the others of the release, and \
`%%` for a literal `%`. Any other `%x` warns `Unknown specifier '%x' … ignoring` and is \
dropped from the value, so `Hostname=web%1` becomes `web`. The fix writes `%%`, keeping \
the `%` as text; it is unsafe, since a specifier may have been meant."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Content]\nHostname=web%1\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Content]\nHostname=web-%a\n",
    )])),
};

/// Each unknown specifier in `assignment`'s value, found in the file's `text` (lines of a
/// continuation that are comments are not part of the value, nor is text after a `#`).
pub fn check(
    assignment: &Assignment,
    text: &str,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(written) = text.get(assignment.value_span.range()) else {
        return;
    };
    let mut line_start = assignment.value_span.start;
    for line in written.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let comment = trimmed.starts_with('#')
            || (settings.syntax.semicolon_comments && trimmed.starts_with(';'));
        let value = line.split('#').next().unwrap_or(line);
        if !comment {
            check_line(value, line_start, settings, diagnostics);
        }
        line_start += line.len();
    }
}

fn check_line(value: &str, start: usize, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    let mut characters = value.char_indices();
    while let Some((at, character)) = characters.next() {
        if character != '%' {
            continue;
        }
        let Some((next_at, next)) = characters.next() else {
            break;
        };
        if settings.specifiers.contains(&next) || next == '\n' || next == '\r' {
            continue;
        }
        let span = Span::new(start + at, start + next_at + next.len_utf8());
        let diagnostic = Diagnostic::new(
            &RULE,
            span,
            format!(
                "mkosi {} drops the unknown specifier %{next} from the value",
                settings.release
            ),
        )
        .with_fix(Fix {
            title: "write %% for a literal %".to_owned(),
            applicability: Applicability::Unsafe,
            edits: vec![Edit::new(Span::point(start + at), "%")],
        });
        diagnostics.push(diagnostic);
    }
}
