//! DF029: `--checksum` used where it cannot apply.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF029",
    name: "checksum-source",
    title: "`--checksum` used where it cannot apply",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("checksum can't be specified for COPY"),
        Upstream::BuildkitError("checksum can't be specified for multiple sources"),
        Upstream::BuildkitError("checksum requires HTTP(S) or Git sources"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`ADD --checksum` verifies one remote source: a single HTTP(S) URL or Git repository. With several sources, or a local file, BuildKit refuses the instruction."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d app.tgz /opt/\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tgz /opt/\n",
    )),
};
