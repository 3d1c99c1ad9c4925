//! DF031: `FROM --platform` is not a platform.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF031",
    name: "invalid-platform",
    title: "`FROM --platform` is not a platform",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("failed to parse platform"),
        Upstream::BuildkitError("empty platform value from expression"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`FROM --platform` takes `os/arch[/variant]` (`linux/arm64`, `linux/arm/v7`), a lone known OS or architecture, or an expression of global ARGs such as `$BUILDPLATFORM`. After expansion the value must be non-empty and parse as a platform."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM --platform=linux/* alpine:3.20\n")),
    passing_example: crate::rules::rule_example!(Text("FROM --platform=linux/amd64 alpine:3.20\n")),
};
