//! DF025: fROM names no image after expansion.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF025",
    name: "empty-base-name",
    title: "FROM names no image after expansion",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("should not be blank")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "FROM may use global ARGs (declared before the first FROM). When the expansion is empty, for example because the ARG has no default and no build argument sets it, BuildKit fails with `base name (…) should not be blank`. Give the ARG a default."
    ),
    failing_example: crate::rules::rule_example!(Text("ARG BASE\nFROM $BASE\n")),
    passing_example: crate::rules::rule_example!(Text("ARG BASE=alpine:3.20\nFROM $BASE\n")),
};
