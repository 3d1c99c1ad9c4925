//! DF006: a Dockerfile without a single instruction.

use crate::diagnostic::Severity;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF006",
    name: "no-instructions",
    title: "Dockerfile has no instructions",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("file with no instructions")],
    fix: FixAvailability::None,
    explanation: "A Dockerfile that is empty or holds only comments and blank lines cannot be \
built: BuildKit stops with `file with no instructions`.",
    failing_example: Example::Text("# just a comment\n"),
    passing_example: Example::Text("# a comment\nFROM alpine:3.20\n"),
};
