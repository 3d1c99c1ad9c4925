//! CP104: two services with the same `container_name`.

use crate::compose::problem::DuplicateContainerName;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "CP104",
    name: "duplicate-container-name",
    title: "Container name used by two services",
    severity: Severity::Error,
    upstream: &[
        Upstream::DockerCompose("container name … is already in use by service"),
        Upstream::Dclint("no-duplicate-container-names"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`container_name` is the container's name on the whole Docker host, and a name \
belongs to one container, so docker compose refuses a project in which two services have \
the same one (`services.b: container name \"db\" is already in use by service {}\"`, which \
does not say which service has it). plumb reports it as this rule rather than as CP002, at \
the later service's name, naming the first; where the later one is in an override file, at \
the first.

Give each service its own name, or none: without `container_name` compose names \
containers `<project>-<service>-<n>`, which also lets a service scale and two copies of the \
project run side by side. dclint reports the same (`no-duplicate-container-names`)."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  db:\n    image: postgres:17.5\n    container_name: shop-db\n  db-replica:\n    image: postgres:17.5\n    container_name: shop-db\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  db:\n    image: postgres:17.5\n    container_name: shop-db\n  db-replica:\n    image: postgres:17.5\n    container_name: shop-db-replica\n",
    )])),
};

/// The finding for a name docker compose refuses (`compose_message`), at the later service's
/// name where the file being checked writes it (`later`), otherwise at the first one's
/// (`first`); `None` when neither is in the file.
pub fn diagnostic(
    duplicate: &DuplicateContainerName,
    later: Option<Span>,
    first: Option<Span>,
    compose_message: &str,
) -> Option<Diagnostic> {
    let DuplicateContainerName {
        name,
        service,
        first: first_service,
        ..
    } = duplicate;
    let (span, message) = match (later, first) {
        (Some(span), _) => (
            span,
            format!(
                "service \"{service}\" has the container name \"{name}\" of service \"{first_service}\"; a container name is unique on the host"
            ),
        ),
        (None, Some(span)) => (
            span,
            format!(
                "service \"{first_service}\" has the container name \"{name}\" that service \"{service}\" is given in another file of the project; a container name is unique on the host"
            ),
        ),
        (None, None) => return None,
    };
    let mut diagnostic = Diagnostic::new(&RULE, span, message)
        .with_note(format!("docker compose: {compose_message}"));
    if let (Some(_), Some(first)) = (later, first) {
        diagnostic = diagnostic.with_label(first, "first given here");
    }
    Some(diagnostic)
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::found;
    use super::*;

    #[test]
    fn the_second_service_is_reported_instead_of_the_invalid_project() {
        let text = "services:\n  a:\n    image: example/a\n    container_name: app\n  b:\n    image: example/b\n    container_name: app\n  c:\n    image: example/c\n    container_name: app-c\n";
        let found = found(&RULE, &[("compose.yaml", text)]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "app");
        assert_eq!(
            found[0].message,
            "service \"b\" has the container name \"app\" of service \"a\"; a container name is unique on the host"
        );
        assert_eq!(
            found[0].notes,
            [
                "docker compose: services.b: container name \"app\" is already in use by service {}\""
            ]
        );
        let invalid = super::super::model_checks::testing::messages(
            &super::super::invalid_project::RULE,
            text,
        );
        assert!(invalid.is_empty(), "{invalid:#?}");
    }

    #[test]
    fn a_name_from_another_file() {
        let found = found(
            &RULE,
            &[
                (
                    "compose.yaml",
                    "services:\n  a:\n    image: example/a\n    container_name: app\n  b:\n    image: example/b\n",
                ),
                (
                    "compose.override.yaml",
                    "services:\n  b:\n    container_name: app\n",
                ),
            ],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].text.as_str()),
            ("compose.yaml", "app")
        );
        assert!(found[0].message.starts_with("service \"a\" has the container name \"app\" that service \"b\" is given in another file"));
    }
}
