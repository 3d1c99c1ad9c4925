//! CP002: a compose project docker compose refuses to load.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP002",
    name: "invalid-project",
    title: "docker compose refuses the project",
    severity: Severity::Error,
    upstream: &[
        Upstream::DockerCompose("validating …"),
        Upstream::DockerCompose("invalid compose project"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "plumb loads the project the way docker compose v2.40.3 does (`docker compose \
config`): interpolation, `extends`, `include`, the compose-spec schema, the long syntax of \
ports and volumes, and the checks after the schema (undefined networks, volumes, secrets \
and configs, `depends_on` on unknown services and cycles, settings that exclude each \
other). The finding is docker compose's own message, at the value it is about.

`plumb check` loads each compose file with its `compose.override.yaml` when both are in \
the same folder, as `docker compose` does there, and with the environment plumb runs in; \
`plumb compose config` shows the whole model."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    volumes:\n      - data:/var/lib/data\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    volumes:\n      - data:/var/lib/data\nvolumes:\n  data: {}\n",
    )])),
};
