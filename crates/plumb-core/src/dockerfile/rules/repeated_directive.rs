//! DF004: the same parser directive twice.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF004",
    name: "repeated-directive",
    title: "Parser directive is given more than once",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "only one parser directive can be used",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Each parser directive (`syntax`, `escape`, `check`) may appear once, in the \
comment lines at the top of the file. BuildKit rejects a repeated one, even with the same value."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1\nFROM alpine:3.20\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
    )),
};
