//! DF020: hEALTHCHECK is neither `NONE` nor `CMD <command>`.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF020",
    name: "invalid-healthcheck",
    title: "HEALTHCHECK is neither `NONE` nor `CMD <command>`",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("in HEALTHCHECK (try CMD)"),
        Upstream::BuildkitError("HEALTHCHECK NONE takes no arguments"),
        Upstream::BuildkitError("Missing command after HEALTHCHECK CMD"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "HEALTHCHECK takes `NONE` (no further arguments) to disable an inherited check, or options followed by `CMD` and the command to run."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27\nHEALTHCHECK curl -f http://localhost/\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n"
    )),
};
