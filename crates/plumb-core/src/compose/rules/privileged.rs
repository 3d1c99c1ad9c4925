//! CP301: a service that runs privileged.

use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::yaml::Value;

pub static RULE: Rule = Rule {
    code: "CP301",
    name: "privileged",
    title: "Service runs privileged",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`privileged: true` gives the container every capability, every device of the host \
and no seccomp or AppArmor profile: a process that escapes its application owns the \
machine. Grant only what the service needs (`cap_add` for a capability, `devices` for a \
device). compose-lint (CL-0002), KICS and DockSec report the same."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  agent:\n    image: registry.example.com/agent:2.1\n    privileged: true\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  agent:\n    image: registry.example.com/agent:2.1\n    cap_add: [NET_ADMIN]\n",
    )])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(privileged) = service.written("privileged")
        && privileged.value == Value::Bool(true)
    {
        diagnostics.push(Diagnostic::new(
            &RULE,
            privileged.span,
            format!(
                "service \"{}\" runs privileged: every capability and device of the host; grant only what it needs with cap_add or devices",
                service.name
            ),
        ));
    }
}
