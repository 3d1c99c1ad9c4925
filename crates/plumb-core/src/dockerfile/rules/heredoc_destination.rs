//! DF017: heredoc used as a COPY or ADD destination.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF017",
    name: "heredoc-destination",
    title: "Heredoc used as a COPY or ADD destination",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "cannot accept a heredoc as a destination",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "In COPY and ADD a heredoc is an inline source file named after its delimiter. The last argument is the destination and cannot be a heredoc."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY app.conf <<EOF\nkey=value\nEOF\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\n"
    )),
};
