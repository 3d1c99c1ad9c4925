//! DF026: eXPOSE port is invalid.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF026",
    name: "invalid-port",
    title: "EXPOSE port is invalid",
    severity: Severity::Error,
    upstream: &[
        Upstream::Hadolint("DL3011"),
        Upstream::BuildkitError("invalid port"),
        Upstream::BuildkitError("invalid containerPort"),
        Upstream::BuildkitError("invalid hostPort"),
        Upstream::BuildkitError("invalid IP address"),
        Upstream::BuildkitError("invalid ranges specified"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "EXPOSE takes `port[/protocol]` or a range `start-end[/protocol]`, with protocol `tcp` (the default), `udp` or `sctp` and ports up to 65535. BuildKit checks each value after expansion when it builds the stage. hadolint's DL3011 checks only the 0–65535 range of plain numbers, not protocols, ranges or variables."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nEXPOSE 80/http\n")),
    passing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nEXPOSE 80/tcp\n")),
};
