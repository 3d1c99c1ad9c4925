//! DF012: flag value is missing or invalid.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF012",
    name: "invalid-flag-value",
    title: "Flag value is missing or invalid",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("missing a value on flag"),
        Upstream::BuildkitError("expecting boolean value for flag"),
        Upstream::BuildkitError("invalid network mode"),
        Upstream::BuildkitError("is not valid"),
        Upstream::BuildkitError("cannot be less than"),
        Upstream::BuildkitError("--retries cannot be negative"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Text flags need `=value`; boolean flags take nothing, `=true` or `=false`. Some values are checked too: `RUN --network` is `default`, `none` or `host`; `RUN --security` is `sandbox` or `insecure`; HEALTHCHECK durations are Go durations (`30s`, `1m30s`) of at least 1ms or `0`, and `--retries` is a non-negative integer."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN --network=offline wget -q https://example.com/\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN --network=none true\n"
    )),
};
