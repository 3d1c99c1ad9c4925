//! DF014: instruction has the wrong number of arguments.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF014",
    name: "argument-count",
    title: "Instruction has the wrong number of arguments",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("requires exactly one argument"),
        Upstream::BuildkitError("requires at least one argument"),
        Upstream::BuildkitError("requires at least two arguments"),
        Upstream::BuildkitError("FROM requires either one or three arguments"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "COPY and ADD need at least a source and a destination; USER, WORKDIR, STOPSIGNAL and MAINTAINER exactly one argument; ENV, LABEL, ARG, EXPOSE, VOLUME, ONBUILD, SHELL and HEALTHCHECK at least one; FROM is `FROM image` or `FROM image AS name`."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nCOPY app.py\n")),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nCOPY app.py /app/\n")),
};
