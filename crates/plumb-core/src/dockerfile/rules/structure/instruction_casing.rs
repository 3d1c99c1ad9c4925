//! DF403: instruction keywords in mixed case, or against the file's majority.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF403",
    name: "consistent-instruction-casing",
    title: "Instruction keywords in inconsistent case",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("ConsistentInstructionCasing")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "Instruction keywords are case-insensitive; a file that mixes `RUN` and `run` \
is harder to read. As BuildKit does, plumb counts the keywords of the stages (those before the \
first `FROM` are not counted) that are all upper or all lower case; the majority wins, upper \
case on a tie. Keywords in the other case, and mixed-case ones such as `Run`, are reported. \
The fix rewrites the keyword in the majority's case."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN apk add --no-cache curl\nrun echo done\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN echo done\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let keywords: Vec<_> = context
        .instructions()
        .filter(|(stage, instruction)| stage.is_some() && instruction.kind.is_some())
        .map(|(_, instruction)| &instruction.keyword)
        .collect();
    // Known keywords are ASCII words.
    let is_lower = |text: &str| !text.bytes().any(|byte| byte.is_ascii_uppercase());
    let is_upper = |text: &str| !text.bytes().any(|byte| byte.is_ascii_lowercase());
    let lower = keywords
        .iter()
        .filter(|keyword| is_lower(&keyword.value))
        .count();
    let upper = keywords
        .iter()
        .filter(|keyword| is_upper(&keyword.value))
        .count();
    let majority_lower = lower > upper;
    for keyword in keywords {
        let (wanted, casing) = if majority_lower {
            if is_lower(&keyword.value) {
                continue;
            }
            (keyword.value.to_ascii_lowercase(), "lowercase")
        } else {
            if is_upper(&keyword.value) {
                continue;
            }
            (keyword.value.to_ascii_uppercase(), "uppercase")
        };
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                keyword.span,
                format!(
                    "command '{}' should match the case of the command majority ({casing})",
                    keyword.value
                ),
            )
            .with_fix(Fix {
                title: format!("write {wanted}"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: None,
                    span: keyword.span,
                    replacement: wanted,
                }],
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn majority_wins_and_ties_go_upper() {
        let text = "arg V=1\nfrom alpine\nrun a\nRUN b\nCopy . /x\nrun c\n";
        assert_eq!(lines(&RULE, text), [4, 5]);
        assert_eq!(
            fixed(&RULE, text),
            "arg V=1\nfrom alpine\nrun a\nrun b\ncopy . /x\nrun c\n"
        );
        assert_eq!(lines(&RULE, "FROM a\nrun b\n"), [2]);
    }
}
