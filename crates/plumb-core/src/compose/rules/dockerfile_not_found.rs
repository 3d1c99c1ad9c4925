//! CP105: a service's build names a Dockerfile, or a context, that is not there.

use crate::compose::builds::ServiceBuild;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;
use crate::workspace::Workspace;

pub static RULE: Rule = Rule {
    code: "CP105",
    name: "dockerfile-not-found",
    title: "Build's Dockerfile or context not found",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`docker compose config` accepts a `build` whose context folder or Dockerfile does \
not exist; `docker compose build` (and `up`) then fails (`unable to prepare context: path \
not found`, `failed to read dockerfile: open Dockerfile: no such file or directory`). \
The Dockerfile is looked up as compose does: `build.dockerfile` (default `Dockerfile`) \
relative to the context. plumb checks where the front end knows the context's files: \
the CLI reads the disk, the browser knows the files of its workspace."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n",
        ),
        ("api/Dockerfile", "FROM alpine:3.20\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n",
        ),
        ("api/Dockerfile.prod", "FROM alpine:3.20\n"),
    ])),
};

/// The finding for `build` when its Dockerfile is missing from a context whose files are
/// known; `place` is where the build is written.
pub fn check(
    workspace: &Workspace,
    build: &ServiceBuild,
    context: &str,
    dockerfile: &str,
    place: Span,
) -> Option<Diagnostic> {
    let files = workspace.build_context(dockerfile).files?;
    if workspace.contains(dockerfile) {
        return None;
    }
    let shown_context = if context.is_empty() { "." } else { context };
    let service = &build.service;
    let (message, written_at) = if files.is_empty() {
        (
            format!(
                "service \"{service}\" builds from {shown_context}, which is empty or does not exist"
            ),
            build.context_place,
        )
    } else {
        (
            format!("service \"{service}\" builds {dockerfile}, which does not exist"),
            build.dockerfile_place.or(build.context_place),
        )
    };
    Some(
        Diagnostic::new(&RULE, written_at.unwrap_or(place), message).with_note(
            "docker compose config accepts it; docker compose build fails to read the Dockerfile",
        ),
    )
}
