//! DF019: instruction before the first FROM.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF019",
    name: "instruction-before-from",
    title: "Instruction before the first FROM",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("no build stage in current context"),
        Upstream::Hadolint("DL3061"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Only ARG (and parser directives and comments) may come before the first FROM: everything else needs a build stage. ARGs declared there are usable in FROM lines. hadolint's DL3061 reports the same order problem; hadolint also accepts a file that starts with a comment or ARG, as BuildKit does."
    ),
    failing_example: crate::rules::rule_example!(Text("RUN echo hello\nFROM alpine:3.20\n")),
    passing_example: crate::rules::rule_example!(Text("ARG BASE=alpine:3.20\nFROM $BASE\n")),
};
