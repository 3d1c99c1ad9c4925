//! DF009: a Dockerfile that is not valid UTF-8.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF009",
    name: "not-utf8",
    title: "File is not valid UTF-8",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit reads a Dockerfile as bytes and accepts any encoding, but every tool \
that shows or edits the file assumes UTF-8. plumb decodes the file, replacing each invalid \
byte sequence with U+FFFD, and checks the result; positions after a replaced sequence are \
counted in the decoded text."
    ),
    failing_example: crate::rules::rule_example!(Built {
        path: "Dockerfile",
        description: "A Latin-1 file: `LABEL author=Jos\\xe9` (0xE9 is `é` in Latin-1, not UTF-8).",
        build: || b"FROM alpine:3.20\nLABEL author=Jos\xe9\n".to_vec(),
    }),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\n")),
};
