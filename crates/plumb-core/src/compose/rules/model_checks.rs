//! The rules read from a loaded project's model: each service's settings as docker compose
//! will use them (after interpolation, merging and the long syntax), reported where they are
//! written in the file being checked.

use crate::diagnostic::Diagnostic;
use crate::yaml::{FileId, Node, Value};

/// The findings of the model's rules about values written in `file`.
pub fn check_model(model: &Node, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let services = model
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default();
    for service in services {
        let name = service.key.as_str().unwrap_or_default();
        let service = &service.value;
        let in_file = |node: &Node| node.file == file;
        if let Some(privileged) = service.get("privileged")
            && privileged.value == Value::Bool(true)
            && in_file(privileged)
        {
            diagnostics.push(Diagnostic::new(
                &super::privileged::RULE,
                privileged.span,
                format!("service \"{name}\" runs privileged: every capability and device of the host; grant only what it needs with cap_add or devices"),
            ));
        }
        for volume in service
            .get("volumes")
            .and_then(Node::as_sequence)
            .unwrap_or_default()
        {
            let source = volume
                .get("source")
                .and_then(Node::as_str)
                .unwrap_or_default();
            if is_docker_socket(source) && in_file(volume) {
                diagnostics.push(Diagnostic::new(
                    &super::docker_socket_mount::RULE,
                    volume.span,
                    format!("service \"{name}\" mounts the Docker socket ({source}), which gives it root on the host"),
                ));
            }
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
