//! DF101: a blank line inside a continued instruction.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF101",
    name: "no-empty-continuation",
    title: "Empty continuation line",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("NoEmptyContinuation")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "A line that ends with the escape character continues on the next line. \
BuildKit skips blank lines while it joins the pieces, but this is deprecated: a future \
Dockerfile syntax will reject them. A blank line in the middle of an instruction also often \
means a line was deleted and the instruction now swallows the next one.\n\n\
Remove the blank lines, or put a comment there: comment lines inside a continuation are \
allowed. The fix deletes the blank lines, which does not change what the instruction does.\n\n\
BuildKit reports the problem once per instruction, at its last line; plumb reports it once \
per instruction at the first blank line, and marks the others."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl \\\n\n    git\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN apk add --no-cache \\\n    # tools for the build\n    curl \\\n    git\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        let Some((first, others)) = instruction.empty_continuation_lines.split_first() else {
            continue;
        };
        let text = context.file.slice(*first);
        let content = Span::new(
            first.start,
            first.start + text.trim_end_matches(['\r', '\n']).len(),
        );
        let mut diagnostic = Diagnostic::new(
            &RULE,
            content,
            format!(
                "empty continuation line in {}; remove it or make it a comment",
                instruction.keyword.value
            ),
        )
        .with_note("blank lines inside a continued instruction will become errors in a future Dockerfile syntax");
        for other in others {
            diagnostic =
                diagnostic.with_label(Span::point(other.start), "another empty continuation line");
        }
        let edits = instruction
            .empty_continuation_lines
            .iter()
            .map(|line| Edit {
                file: None,
                span: *line,
                replacement: String::new(),
            })
            .collect();
        diagnostics.push(diagnostic.with_fix(Fix {
            title: "delete the empty continuation lines".into(),
            applicability: Applicability::Safe,
            edits,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn one_finding_per_instruction_and_the_fix_deletes_the_lines() {
        let text = "FROM alpine\nRUN a \\\n\n  b \\\n   \n  c\n\nRUN d\n";
        assert_eq!(lines(&RULE, text), [3]);
        assert_eq!(
            fixed(&RULE, text),
            "FROM alpine\nRUN a \\\n  b \\\n  c\n\nRUN d\n"
        );
    }

    #[test]
    fn comments_and_blank_lines_between_instructions_are_fine() {
        assert!(lines(&RULE, "FROM alpine\nRUN a \\\n# note\n  b\n\n\nRUN c\n").is_empty());
    }
}
