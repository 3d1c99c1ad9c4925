//! DF011: flag is given more than once.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF011",
    name: "duplicate-flag",
    title: "Flag is given more than once",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("duplicate flag specified")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Only `--mount`, `--device` and `--exclude` may be repeated. Any other flag given twice is rejected by BuildKit, even with the same value."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --from=build --from=test /out /out\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --from=build /out /out\n"
    )),
};
