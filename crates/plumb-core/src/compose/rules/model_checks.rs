//! The rules read from a loaded project's model: each service's settings as docker compose
//! will use them (after interpolation, merging and the long syntax), reported where they are
//! written in the file being checked. Each rule's check is in its own file; this one hands
//! them the services.

use super::{docker_socket_mount, privileged};
use crate::diagnostic::Diagnostic;
use crate::yaml::{FileId, Node};

/// One service of the model, as the service rules see it.
#[derive(Debug)]
pub struct Service<'a> {
    pub name: &'a str,
    pub node: &'a Node,
    file: FileId,
}

impl<'a> Service<'a> {
    /// Whether `node` is written in the file being checked (not in an override or an
    /// `extends` file).
    pub fn in_file(&self, node: &Node) -> bool {
        node.file == self.file
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    /// The setting `key`, where the file being checked writes it.
    pub fn written(&self, key: &str) -> Option<&'a Node> {
        self.get(key).filter(|node| self.in_file(node))
    }

    /// The string setting `key`, wherever it is written.
    pub fn text(&self, key: &str) -> Option<&'a str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The items of the list setting `key` (none when it is not a list).
    pub fn items(&self, key: &str) -> &'a [Node] {
        self.get(key)
            .and_then(Node::as_sequence)
            .unwrap_or_default()
    }
}

type ServiceCheck = fn(&Service<'_>, &mut Vec<Diagnostic>);

const SERVICE_CHECKS: &[ServiceCheck] = &[privileged::check, docker_socket_mount::check];

/// The findings of the model's rules about values written in `file`.
pub fn check_model(model: &Node, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let services: Vec<Service<'_>> = model
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .map(|service| Service {
            name: service.key.as_str().unwrap_or_default(),
            node: &service.value,
            file,
        })
        .collect();
    for service in &services {
        for check in SERVICE_CHECKS {
            check(service, diagnostics);
        }
    }
}
