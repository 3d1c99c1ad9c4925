//! DF103: variable is used but never defined.

use crate::diagnostic::Severity;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF103",
    name: "undefined-variable",
    title: "Variable is used but never defined",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("UndefinedVar")],
    fix: FixAvailability::None,
    explanation: "BuildKit expands `$NAME` in ADD, COPY, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults and `RUN --mount` options. A name that no ENV or ARG of the stage (or a parent stage) defines expands to nothing, which is usually a typo or a missing `ARG` (global ARGs must be declared again inside a stage). Like BuildKit, plumb does not look at RUN commands: the shell expands those.",
    failing_example: Example::Text(
        "FROM alpine:3.20\nARG APP_VERSION=1.0\nWORKDIR /opt/app-$APP_VERSON\n",
    ),
    passing_example: Example::Text(
        "FROM alpine:3.20\nARG APP_VERSION=1.0\nWORKDIR /opt/app-$APP_VERSION\n",
    ),
};
