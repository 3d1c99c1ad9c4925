//! DF005: an exec-form JSON array with an element that is not a string.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF005",
    name: "json-array-not-strings",
    title: "Exec-form array has an element that is not a string",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "when using JSON array syntax, arrays must be comprised of strings only",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "When the arguments are valid JSON, BuildKit requires every element to be a \
string: numbers, `null`, `true` and nested arrays are errors. (Text that is not valid JSON at \
all, such as single-quoted elements, silently becomes the shell form instead.)"
    ),
    failing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nCMD [\"sleep\", 10]\n")),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCMD [\"sleep\", \"10\"]\n"
    )),
};
