//! DF019: instruction before the first FROM.

use crate::diagnostic::Severity;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF019",
    name: "instruction-before-from",
    title: "Instruction before the first FROM",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("no build stage in current context")],
    fix: FixAvailability::None,
    explanation: "Only ARG (and parser directives and comments) may come before the first FROM: everything else needs a build stage. ARGs declared there are usable in FROM lines.",
    failing_example: Example::Text("RUN echo hello\nFROM alpine:3.20\n"),
    passing_example: Example::Text("ARG BASE=alpine:3.20\nFROM $BASE\n"),
};
