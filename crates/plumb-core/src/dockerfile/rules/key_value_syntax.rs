//! DF008: ENV or LABEL arguments that are neither `KEY value` nor `KEY=value …`.

use crate::diagnostic::Severity;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF008",
    name: "key-value-syntax",
    title: "ENV or LABEL is not of the form `key=value`",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("must have two arguments"),
        Upstream::BuildkitError("can't find = in"),
    ],
    fix: FixAvailability::None,
    explanation: "When the first word of ENV or LABEL contains `=`, every word must be \
`key=value` (quote values with spaces). Without `=` in the first word, the legacy form \
`ENV key value` needs a value. BuildKit rejects anything else while parsing.",
    failing_example: Example::Text("FROM alpine:3.20\nENV A=1 B\n"),
    passing_example: Example::Text("FROM alpine:3.20\nENV A=1 B=2\n"),
};
