//! CP001: a compose file that is not YAML go-yaml reads.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP001",
    name: "yaml-syntax",
    title: "Compose file is not valid YAML",
    severity: Severity::Error,
    upstream: &[Upstream::DockerCompose("yaml: line N: …")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "docker compose reads compose files with go-yaml and stops at the first thing it \
cannot read: a tab used for indentation, a key written twice in one mapping, an unclosed \
bracket or quote, an alias to an anchor that does not exist. Nothing of the file is used \
until it reads."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    image: nginx:1.28\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n",
    )])),
};
