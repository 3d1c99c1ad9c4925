//! DF013: `RUN --mount` is malformed.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF013",
    name: "invalid-mount",
    title: "`RUN --mount` is malformed",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("unsupported mount type"),
        Upstream::BuildkitError("unexpected key"),
        Upstream::BuildkitError("invalid value for"),
        Upstream::BuildkitError("not allowed for"),
        Upstream::BuildkitError("secret mount"),
        Upstream::BuildkitError("invalid cache sharing"),
        Upstream::BuildkitError("failed to parse csv mounts"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`--mount` takes comma-separated `key=value` options. `type` is `bind` (the default), `cache`, `tmpfs`, `secret` or `ssh`; each type accepts its own keys (`sharing` only for cache; `size` only for tmpfs; `mode`, `uid`, `gid` not for bind or tmpfs; `required` only for secret and ssh), and a secret needs an `id`, `source` or `target`. BuildKit rejects anything else when it builds the stage."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk,sharing=global apk add curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk add curl\n",
    )),
};
