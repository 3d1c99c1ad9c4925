//! DF006: a Dockerfile with nothing to build.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF006",
    name: "no-instructions",
    title: "Dockerfile has no build stage",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("the Dockerfile cannot be empty"),
        Upstream::BuildkitError("file with no instructions"),
        Upstream::BuildkitError("dockerfile contains no stages to build"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A Dockerfile needs at least one FROM. BuildKit stops with `the Dockerfile \
cannot be empty` for an empty file, `file with no instructions` for one with only comments \
and blank lines, and `dockerfile contains no stages to build` when it holds only ARGs."
    ),
    failing_example: crate::rules::rule_example!(Text("# just a comment\n")),
    passing_example: crate::rules::rule_example!(Text("# a comment\nFROM alpine:3.20\n")),
};
