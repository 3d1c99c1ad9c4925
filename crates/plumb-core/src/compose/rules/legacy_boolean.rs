//! CP102: `yes`, `no`, `on`, `off` as booleans.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP102",
    name: "legacy-boolean",
    title: "YAML 1.1 boolean",
    severity: Severity::Warning,
    upstream: &[Upstream::DockerCompose(
        "\"yes\" for boolean is not supported by YAML 1.2, please use `true`",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "YAML 1.2 reads `yes`, `no`, `on` and `off` as strings. docker compose still turns \
them into booleans for the settings it knows to be booleans (`privileged`, `tty`, `init`, \
`read_only`, …) and warns; elsewhere (`use_api_socket`, an extension, an environment value) \
they stay strings. Write `true` and `false`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    tty: yes\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    tty: true\n",
    )])),
};
