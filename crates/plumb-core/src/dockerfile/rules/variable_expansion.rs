//! DF023: variable expansion fails.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF023",
    name: "variable-expansion",
    title: "Variable expansion fails",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("bad substitution"),
        Upstream::BuildkitError("missing '}'"),
        Upstream::BuildkitError("unsupported modifier"),
        Upstream::BuildkitError("is not allowed to be unset"),
        Upstream::BuildkitError("is not allowed to be empty"),
        Upstream::BuildkitError("invalid pattern"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit expands `$VAR` and `${VAR…}` in ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults and `RUN --mount` options. Malformed expressions (`${}`, an unclosed `${`, unknown modifiers such as `${X:=y}`) and `${X:?message}` on an unset variable stop the build."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nARG VERSION\nWORKDIR /opt/app-${VERSION:?set VERSION}\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nARG VERSION=1.0\nWORKDIR /opt/app-${VERSION:?set VERSION}\n",
    )),
};
