//! CP401: the top-level `version`, which compose ignores.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP401",
    name: "obsolete-version",
    title: "Obsolete `version` attribute",
    severity: Severity::Info,
    upstream: &[
        Upstream::DockerCompose(
            "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
        ),
        Upstream::Dclint("no-version-field"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "The Compose Specification has no file versions: docker compose ignores `version` \
and warns about it, and the features a file may use do not depend on it. Remove the line."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "version: \"3.8\"\nservices:\n  web:\n    image: nginx:1.28\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n",
    )])),
};
