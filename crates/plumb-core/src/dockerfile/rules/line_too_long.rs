//! DF007: a physical line longer than BuildKit's line buffer.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

/// BuildKit reads lines with Go's `bufio.Scanner`, whose token limit is 64 KiB with the newline.
pub const MAX_LINE_LENGTH: usize = 65_535;

pub static RULE: Rule = Rule {
    code: "DF007",
    name: "line-too-long",
    title: "Line does not fit BuildKit's 64 KiB line buffer",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "dockerfile line greater than max allowed size of 65535",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit reads a Dockerfile line by line into a 64 KiB buffer: a physical \
line of 65535 bytes plus its `\\n` fits, one byte more does not (a `\\r\\n` line holds one \
byte less, and the first line also carries a byte-order mark if there is one). A longer line \
fails the build. Split long commands with line continuations, or move generated data into a \
file that you COPY."
    ),
    failing_example: crate::rules::rule_example!(Built {
        path: "Dockerfile",
        description: "A `RUN echo` line followed by 70000 letters.",
        build: || format!("FROM alpine:3.20\nRUN echo {}\n", "x".repeat(70_000)).into_bytes(),
    }),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nRUN echo short\n")),
};
