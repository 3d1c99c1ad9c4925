//! DF028: `--chmod` is not a valid mode.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF028",
    name: "invalid-chmod",
    title: "`--chmod` is not a valid mode",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("invalid chmod parameter"),
        Upstream::BuildkitError("invalid syntax"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`COPY --chmod` and `ADD --chmod` take an octal mode up to `07777` (`0644`, `755`) or, since Dockerfile 1.14, a symbolic mode such as `u=rwX,go=rX`. BuildKit checks the value after expansion when it copies."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --chmod=0855 run.sh /usr/local/bin/\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --chmod=0755 run.sh /usr/local/bin/\n"
    )),
};
