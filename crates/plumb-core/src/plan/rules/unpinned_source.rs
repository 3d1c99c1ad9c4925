//! PL202: an ADD download or Git source that nothing pins.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "PL202",
    name: "unpinned-source",
    title: "Download or Git source not pinned by the plan",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`ADD https://…` downloads whatever the server sends that day, and \
`ADD git@…` or `ADD https://….git#branch` whatever the branch points at. A plan pins a \
download by `--checksum=sha256:…` and a Git source by the commit in its `checksum=` (or \
`commit=`) query or a commit as its ref, or else by `plumb.lock`: `plumb lock` downloads each \
such URL once and records the SHA-256 of its bytes, and looks each Git ref up \
(`git ls-remote`) and records its commit. Anything else makes the step's output \
unverifiable, and under `--locked` it is an error. With a lock that does not pin the source, \
the finding is PL101 (the lock is stale) instead. (`plumb check` reports these as DF207 and \
DF208.)"
    ),
    failing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1.10@sha256:1111111111111111111111111111111111111111111111111111111111111111\nFROM scratch\nADD https://example.com/tool.tar.gz /tool.tar.gz\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1.10@sha256:1111111111111111111111111111111111111111111111111111111111111111\nFROM scratch\nADD --checksum=sha256:2222222222222222222222222222222222222222222222222222222222222222 https://example.com/tool.tar.gz /tool.tar.gz\n",
    )),
};
