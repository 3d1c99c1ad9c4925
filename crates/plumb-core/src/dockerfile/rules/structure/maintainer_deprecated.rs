//! DF405: the MAINTAINER instruction.

use super::{in_case_of, quote_literal};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF405",
    name: "maintainer-deprecated",
    title: "MAINTAINER is deprecated",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("MaintainerDeprecated"),
        Upstream::Hadolint("DL4000"),
    ],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "`MAINTAINER` sets the image's deprecated `author` field. Use the standard \
OCI label `org.opencontainers.image.authors` instead, which registries and tools read. The \
fix replaces the instruction with that label, quoting the text exactly (`MAINTAINER` does not \
expand variables, so `$` is escaped). hadolint reports this as an error; BuildKit builds it."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        if instruction.kind != Some(Keyword::Maintainer) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            instruction.keyword.span,
            "maintainer instruction is deprecated in favor of using label",
        )
        .with_note("use LABEL org.opencontainers.image.authors=\"…\"");
        let whole = Span::new(instruction.keyword.span.start, instruction.span.end);
        if let Arguments::Shell(author) = &instruction.arguments
            && !context.file.slice(whole).contains('\n')
        {
            diagnostic = diagnostic.with_fix(Fix {
                title: "use the org.opencontainers.image.authors label".into(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: None,
                    span: whole,
                    replacement: format!(
                        "{} org.opencontainers.image.authors={}",
                        in_case_of(&instruction.keyword.value, "LABEL"),
                        quote_literal(&author.value, context.dockerfile.escape)
                    ),
                }],
            });
        }
        diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn replaced_by_the_label() {
        let text = "from alpine\nmaintainer \"Jo\" <jo@example.com> $5\n";
        assert_eq!(lines(&RULE, text), [2]);
        assert_eq!(
            fixed(&RULE, text),
            "from alpine\nlabel org.opencontainers.image.authors=\"\\\"Jo\\\" <jo@example.com> \\$5\"\n"
        );
    }
}
