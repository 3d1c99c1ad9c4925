//! DF027: sTOPSIGNAL is not a signal.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF027",
    name: "invalid-stop-signal",
    title: "STOPSIGNAL is not a signal",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("invalid signal")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "STOPSIGNAL takes a signal name (`SIGTERM`, `SIGQUIT`, with or without the `SIG` prefix, in any case), a real-time signal (`SIGRTMIN+3`) or a non-zero number. BuildKit rejects anything else when it builds the stage."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nSTOPSIGNAL SIGSTOPP\n")),
    passing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n")),
};
