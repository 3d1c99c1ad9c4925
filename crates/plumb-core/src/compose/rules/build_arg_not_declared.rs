//! CP106: a build arg the service passes that its Dockerfile never declares.

use crate::compose::builds::ServiceBuild;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use crate::rules::{FixAvailability, Rule};
use crate::suggest::suggest;
use std::collections::BTreeSet;

pub static RULE: Rule = Rule {
    code: "CP106",
    name: "build-arg-not-declared",
    title: "Build arg the Dockerfile never declares",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A build arg reaches a Dockerfile only through an `ARG` instruction that declares \
it, before the first `FROM` or in a stage. One that no `ARG` declares changes nothing: \
BuildKit drops it without a word (the classic builder said `One or more build-args were not \
consumed`). It is usually a typo, or a leftover of an `ARG` that was renamed, and the build \
silently uses the default instead of the value the compose file meant to give. The proxy \
variables (`HTTP_PROXY` and friends), `SOURCE_DATE_EPOCH` and BuildKit's own `BUILDKIT_*` \
args need no declaration."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  web:\n    build:\n      context: .\n      args:\n        NODE_VERSON: \"22\"\n",
        ),
        (
            "Dockerfile",
            "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim\nCOPY . /app\n",
        ),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  web:\n    build:\n      context: .\n      args:\n        NODE_VERSION: \"22\"\n",
        ),
        (
            "Dockerfile",
            "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim\nCOPY . /app\n",
        ),
    ])),
};

/// The args BuildKit itself reads, declared or not.
const PREDEFINED: &[&str] = &[
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "FTP_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "SOURCE_DATE_EPOCH",
];

fn is_predefined(name: &str) -> bool {
    name.starts_with("BUILDKIT_")
        || PREDEFINED
            .iter()
            .any(|predefined| name == *predefined || name == predefined.to_ascii_lowercase())
}

/// The findings for `build`'s args that `dockerfile` (at the workspace path `path`)
/// declares nowhere.
pub fn check(
    build: &ServiceBuild,
    path: &str,
    dockerfile: &dockerfile::Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let resolution = &dockerfile.resolution;
    let declared: Vec<&str> = resolution
        .global_args
        .iter()
        .map(|arg| arg.name.as_str())
        .chain(
            resolution
                .stages
                .iter()
                .flat_map(|stage| stage.declared_args.keys().map(String::as_str)),
        )
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    for (name, span) in &build.args {
        let Some(span) = span else { continue };
        if declared.contains(&name.as_str()) || is_predefined(name) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                *span,
                format!(
                    "build arg {name:?} of service \"{}\" is declared by no ARG in {path}: the build ignores it",
                    build.service
                ),
            )
            .with_note(match suggest(name, &declared, true) {
                Some(close) => format!("the Dockerfile declares ARG {close}: a typo?"),
                None => format!("declare it with `ARG {name}` where the build should see it"),
            }),
        );
    }
}
