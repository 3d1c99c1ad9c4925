//! DF021: vOLUME path is empty.

use crate::diagnostic::Severity;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF021",
    name: "empty-volume",
    title: "VOLUME path is empty",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "VOLUME specified can not be an empty string",
    )],
    fix: FixAvailability::None,
    explanation: "Every VOLUME path must be non-empty; BuildKit rejects `\"\"` (also after trimming spaces) in the JSON form.",
    failing_example: Example::Text("FROM alpine:3.20\nVOLUME [\"/data\", \"\"]\n"),
    passing_example: Example::Text("FROM alpine:3.20\nVOLUME [\"/data\"]\n"),
};
