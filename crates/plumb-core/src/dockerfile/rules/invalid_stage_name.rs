//! DF015: build stage name is invalid.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF015",
    name: "invalid-stage-name",
    title: "Build stage name is invalid",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("invalid name for build stage")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A stage name (after `AS`) must start with a letter and contain only letters, digits, `-`, `_` and `.`; BuildKit lower-cases it before checking."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM alpine:3.20 AS 1st-stage\n")),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20 AS first-stage\n")),
};
