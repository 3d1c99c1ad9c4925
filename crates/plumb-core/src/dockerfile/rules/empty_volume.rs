//! DF021: vOLUME path is empty.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF021",
    name: "empty-volume",
    title: "VOLUME path is empty",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "VOLUME specified can not be an empty string",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Every VOLUME path must be non-empty; BuildKit rejects `\"\"` (also after trimming spaces) in the JSON form."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nVOLUME [\"/data\", \"\"]\n"
    )),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nVOLUME [\"/data\"]\n")),
};
