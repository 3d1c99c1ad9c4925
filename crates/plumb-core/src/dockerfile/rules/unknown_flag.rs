//! DF010: unknown flag for this instruction.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF010",
    name: "unknown-flag",
    title: "Unknown flag for this instruction",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("unknown flag")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Each instruction accepts a fixed set of flags (RUN: `--mount`, `--network`, `--security`, `--device`; COPY: `--from`, `--chown`, `--chmod`, `--link`, `--parents`, `--exclude`; ADD: `--chown`, `--chmod`, `--link`, `--keep-git-dir`, `--checksum`, `--unpack`, `--exclude`; FROM: `--platform`; HEALTHCHECK: `--interval`, `--timeout`, `--start-period`, `--start-interval`, `--retries`). Flag names are case-sensitive. BuildKit rejects any other flag; ARG, STOPSIGNAL and `HEALTHCHECK NONE` silently ignore theirs."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --chwon=app:app app.py /app/\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --chown=app:app app.py /app/\n"
    )),
};
