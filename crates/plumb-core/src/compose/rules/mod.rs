//! The compose rules. Each file declares one rule; the format's check
//! ([`super::format`]) raises them from what loading the project reports, and from the
//! loaded model ([`model_checks`]).

pub mod model_checks;
mod service_ports;

// Raised across files, against the Dockerfile a build names (`crate::cross_file`).
pub mod build_arg_not_declared;
pub mod build_target_not_found;
pub mod dockerfile_not_found;

pub mod build_and_image;
pub mod dangerous_capability;
pub mod docker_socket_mount;
pub mod duplicate_container_name;
pub mod duplicate_published_port;
pub mod host_namespace;
pub mod image_not_pinned;
pub mod invalid_project;
pub mod legacy_boolean;
pub mod obsolete_version;
pub mod privileged;
pub mod pull_policy_refreshes;
pub mod remote_build_context;
pub mod unbound_port_interface;
pub mod unset_variable;
pub mod yaml_syntax;

use crate::rules::Rule;
use crate::source::Span;
use crate::yaml::{Node, Value};

/// Every compose rule, in code order.
pub static RULES: &[&Rule] = &[
    &yaml_syntax::RULE,
    &invalid_project::RULE,
    &unset_variable::RULE,
    &legacy_boolean::RULE,
    &duplicate_published_port::RULE,
    &duplicate_container_name::RULE,
    &image_not_pinned::RULE,
    &pull_policy_refreshes::RULE,
    &build_and_image::RULE,
    &remote_build_context::RULE,
    &privileged::RULE,
    &docker_socket_mount::RULE,
    &host_namespace::RULE,
    &dangerous_capability::RULE,
    &unbound_port_interface::RULE,
    &obsolete_version::RULE,
];

/// How many scalars of a file's documents are the one written at `span`: more than one when
/// an anchor's value is copied by aliases or merge keys, and a fix there would change each
/// copy, not only the one a finding is about.
pub(crate) fn scalar_copies(documents: &[Node], span: Span) -> usize {
    fn count(node: &Node, span: Span) -> usize {
        match &node.value {
            Value::Mapping(entries) => entries
                .iter()
                .map(|entry| count(&entry.key, span) + count(&entry.value, span))
                .sum(),
            Value::Sequence(items) => items.iter().map(|item| count(item, span)).sum(),
            _ => usize::from(node.span == span),
        }
    }
    documents.iter().map(|document| count(document, span)).sum()
}
