//! DF002: a heredoc that never ends or cannot be read.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF002",
    name: "invalid-heredoc",
    title: "Heredoc is unterminated or malformed",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("unterminated heredoc")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A heredoc body runs until a line that is exactly its delimiter (after leading \
tabs are removed, for `<<-`). When the file ends first, BuildKit stops with `unterminated \
heredoc`, and every line after the `<<` was read as the body, not as instructions. Check the \
spelling and indentation of the terminator line: `EOF ` with a trailing space or an indented \
`  EOF` does not end `<<EOF`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN <<EOF\necho hello\n  EOF\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN <<EOF\necho hello\nEOF\n"
    )),
};
