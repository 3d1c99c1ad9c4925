//! CP107: a service builds a target stage its Dockerfile does not have.

use crate::compose::builds::ServiceBuild;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP107",
    name: "build-target-not-found",
    title: "Build target is not a stage of the Dockerfile",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("target stage could not be found")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`build.target` names the stage to build; BuildKit fails when the Dockerfile has \
no stage of that name (`failed to solve: target stage \"prod\" could not be found`). Stage \
names compare without regard to case, as BuildKit lower-cases them."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  web:\n    build:\n      context: .\n      target: production\n",
        ),
        (
            "Dockerfile",
            "FROM node:22-slim AS build\nRUN npm ci\n\nFROM node:22-slim AS runtime\nCOPY --from=build /app /app\n",
        ),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  web:\n    build:\n      context: .\n      target: runtime\n",
        ),
        (
            "Dockerfile",
            "FROM node:22-slim AS build\nRUN npm ci\n\nFROM node:22-slim AS runtime\nCOPY --from=build /app /app\n",
        ),
    ])),
};

/// The finding for `build`'s target when `dockerfile` (at the workspace path `path`) has
/// no stage of that name.
pub fn check(
    build: &ServiceBuild,
    path: &str,
    dockerfile: &dockerfile::Document,
) -> Option<Diagnostic> {
    let (target, Some(span)) = build.target.as_ref()? else {
        return None;
    };
    let stages = &dockerfile.resolution.stages;
    let wanted = target.to_lowercase();
    if stages
        .iter()
        .any(|stage| stage.name.as_deref() == Some(wanted.as_str()))
    {
        return None;
    }
    let names: Vec<&str> = stages
        .iter()
        .filter_map(|stage| stage.name.as_deref())
        .collect();
    let known = if names.is_empty() {
        format!("{path} names no stage")
    } else {
        format!("the stages of {path} are {}", names.join(", "))
    };
    Some(
        Diagnostic::new(
            &RULE,
            *span,
            format!(
                "service \"{}\" builds target {target:?}, which is not a stage of {path}",
                build.service
            ),
        )
        .with_note(known),
    )
}
