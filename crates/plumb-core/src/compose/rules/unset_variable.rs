//! CP101: `${VAR}` where `VAR` is set nowhere and has no default.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP101",
    name: "unset-variable",
    title: "Variable set nowhere and without a default",
    severity: Severity::Warning,
    upstream: &[Upstream::DockerCompose(
        "The \"VAR\" variable is not set. Defaulting to a blank string.",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "docker compose replaces `$VAR` and `${VAR}` with the empty string when the variable \
is set neither in its environment nor in the project's `.env` (or `--env-file`), and only \
warns. An empty image tag, port or path is rarely what was meant, and the result depends \
on the shell the project is started from. Give a default (`${TAG:-1.28}`), require the \
variable (`${TAG:?set TAG}`), or set it in `.env`.

`plumb check` sees the environment it runs in; the browser app has none, so there every \
variable the project's `.env` does not set is reported."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:${NGINX_TAG}\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:${NGINX_TAG:-1.28}\n",
    )])),
};
