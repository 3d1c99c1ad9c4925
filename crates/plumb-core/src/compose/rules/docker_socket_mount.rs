//! CP302: the Docker API socket mounted into a service.

use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "CP302",
    name: "docker-socket-mount",
    title: "Docker socket mounted into a service",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Whoever can talk to `/var/run/docker.sock` can start a privileged container with \
the host's root file system mounted: mounting the socket gives the service root on the host, \
read-only or not. Keep it out of application services; a tool that must manage containers \
should talk to a proxy that allows only the calls it needs. compose-lint (CL-0001), KICS \
and DockSec report the same."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  dashboard:\n    image: registry.example.com/dashboard:1.4\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  dashboard:\n    image: registry.example.com/dashboard:1.4\n    volumes:\n      - dashboard-data:/data\nvolumes:\n  dashboard-data: {}\n",
    )])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for volume in service.items("volumes") {
        let source = volume
            .get("source")
            .and_then(Node::as_str)
            .unwrap_or_default();
        if is_docker_socket(source) && service.in_file(volume) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                volume.span,
                format!(
                    "service \"{}\" mounts the Docker socket ({source}), which gives it root on the host",
                    service.name
                ),
            ));
        }
    }
}

fn is_docker_socket(source: &str) -> bool {
    matches!(
        source.trim_end_matches('/'),
        "/var/run/docker.sock"
            | "/run/docker.sock"
            | "/var/run/podman/podman.sock"
            | "/run/podman/podman.sock"
    )
}
