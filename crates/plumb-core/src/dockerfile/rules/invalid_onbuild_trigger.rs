//! DF016: oNBUILD trigger is not allowed.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF016",
    name: "invalid-onbuild-trigger",
    title: "ONBUILD trigger is not allowed",
    severity: Severity::Error,
    upstream: &[
        Upstream::Hadolint("DL3043"),
        Upstream::BuildkitError("isn't allowed as an ONBUILD trigger"),
        Upstream::BuildkitError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`ONBUILD` registers an instruction to run in images built FROM this one. FROM, MAINTAINER and ONBUILD itself cannot be triggers. hadolint's DL3043 flags the same triggers."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nONBUILD FROM alpine:3.20\n"
    )),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nONBUILD COPY . /app/\n")),
};
