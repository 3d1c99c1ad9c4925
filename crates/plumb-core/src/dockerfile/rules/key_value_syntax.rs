//! DF008: ENV, LABEL or ARG arguments that are not `name=value` pairs with a name.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF008",
    name: "key-value-syntax",
    title: "ENV, LABEL or ARG is not of the form `name=value`",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("must have two arguments"),
        Upstream::BuildkitError("can't find = in"),
        Upstream::BuildkitError("names can not be blank"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "When the first word of ENV or LABEL contains `=`, every word must be \
`key=value` (quote values with spaces). Without `=` in the first word, the legacy form \
`ENV key value` needs a value. Names (of ENV, LABEL and ARG) cannot be empty: `ENV =x` is \
rejected. BuildKit rejects all of these while parsing."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nENV A=1 B\n")),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nENV A=1 B=2\n")),
};
