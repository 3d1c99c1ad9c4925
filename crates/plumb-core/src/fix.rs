//! Applying fixes: each finding's first fix that the caller allows, as long as its edits do
//! not overlap those of a fix already taken. Callers repeat until nothing changes.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// The text with the fixes applied, and how many fixes were applied.
pub fn apply_fixes(
    text: &str,
    diagnostics: &[Diagnostic],
    include_unsafe: bool,
) -> (String, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic
            .fixes
            .iter()
            .find(|fix| include_unsafe || fix.applicability == Applicability::Safe)
        else {
            continue;
        };
        let fits = fix.edits.iter().all(|edit| {
            edit.span.end <= text.len()
                && text.is_char_boundary(edit.span.start)
                && text.is_char_boundary(edit.span.end)
                && chosen.iter().all(|taken| !overlaps(taken, edit))
        });
        if fits && !fix.edits.is_empty() {
            chosen.extend(&fix.edits);
            applied += 1;
        }
    }
    chosen.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut result = String::with_capacity(text.len());
    let mut position = 0;
    for edit in chosen {
        result.push_str(&text[position..edit.span.start]);
        result.push_str(&edit.replacement);
        position = edit.span.end;
    }
    result.push_str(&text[position..]);
    (result, applied)
}

/// Two edits conflict when their ranges overlap, or both insert at the same point.
fn overlaps(left: &Edit, right: &Edit) -> bool {
    let same_point =
        left.span.is_empty() && right.span.is_empty() && left.span.start == right.span.start;
    same_point || (left.span.start < right.span.end && right.span.start < left.span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;
    use crate::dockerfile::rules::unknown_instruction;
    use crate::source::Span;

    fn finding(edits: &[(usize, usize, &str)], applicability: Applicability) -> Diagnostic {
        Diagnostic::new(&unknown_instruction::RULE, Span::new(0, 1), "x").with_fix(Fix {
            title: "fix".into(),
            applicability,
            edits: edits
                .iter()
                .map(|&(start, end, replacement)| Edit {
                    span: Span::new(start, end),
                    replacement: replacement.into(),
                })
                .collect(),
        })
    }

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let text = "run a\ncopy b c\n";
        let findings = [
            finding(&[(6, 10, "COPY")], Applicability::Safe),
            finding(&[(0, 3, "RUN")], Applicability::Safe),
            finding(&[(1, 2, "X")], Applicability::Safe),
        ];
        assert_eq!(
            apply_fixes(text, &findings, false),
            ("RUN a\nCOPY b c\n".into(), 2)
        );
    }

    #[test]
    fn unsafe_fixes_need_permission() {
        let findings = [finding(&[(0, 3, "RUN")], Applicability::Unsafe)];
        assert_eq!(apply_fixes("run a", &findings, false).1, 0);
        assert_eq!(apply_fixes("run a", &findings, true).0, "RUN a");
    }
}
