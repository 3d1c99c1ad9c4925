//! DF104: fROM uses a variable that is not a global ARG.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF104",
    name: "undefined-arg-in-from",
    title: "FROM uses a variable that is not a global ARG",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("UndefinedArgInFrom")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "FROM lines see only global ARGs (declared before the first FROM) and BuildKit's automatic platform ARGs (`BUILDPLATFORM`, `TARGETARCH`…). Any other name expands to nothing."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM node:${NODE_VERSION}-alpine\n")),
    passing_example: crate::rules::rule_example!(Text(
        "ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\n"
    )),
};
