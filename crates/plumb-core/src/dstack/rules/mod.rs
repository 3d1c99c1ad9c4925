//! The DS rules: what goes wrong when a compose file is deployed to dstack. They run when the
//! file's plumb.toml has a `[dstack]` section, over the file as written (what dstack measures:
//! variable references are in it, not their values) and over the loaded model.

mod app_compose_too_large;
mod build_inside_cvm;
mod invalid_app_compose;
mod legacy_tappd_socket;
mod manifest_version_too_old;
mod socket_file_mount;
mod unknown_app_compose_key;
mod variable_in_measured_field;
mod variable_not_allowed;

use super::DstackSection;
use super::version::DstackVersion;
use crate::compose::rules::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::yaml::{Node, Value};

/// The DS rules of app-compose.json files, in code order.
pub static APP_COMPOSE_RULES: &[&crate::rules::Rule] = &[
    &invalid_app_compose::RULE,
    &manifest_version_too_old::RULE,
    &unknown_app_compose_key::RULE,
    &app_compose_too_large::RULE,
];

/// The DS rules of compose files deployed to dstack, in code order.
pub static COMPOSE_RULES: &[&crate::rules::Rule] = &[
    &variable_not_allowed::RULE,
    &socket_file_mount::RULE,
    &build_inside_cvm::RULE,
    &variable_in_measured_field::RULE,
    &legacy_tappd_socket::RULE,
];

/// An app-compose.json that is not JSON.
pub fn json_syntax(error: &crate::json_tree::JsonError) -> Diagnostic {
    invalid_app_compose::syntax(error)
}

/// The DS findings of an app-compose.json of `size` bytes whose JSON is `root`.
/// `version`: the dstack release plumb.toml names, if it does.
pub fn check_app_compose(
    size: usize,
    root: &crate::json_tree::JsonNode,
    version: Option<DstackVersion>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    invalid_app_compose::check(root, diagnostics);
    manifest_version_too_old::check(root, version, diagnostics);
    unknown_app_compose_key::check(root, diagnostics);
    app_compose_too_large::check(size, version, diagnostics);
}

/// The DS findings about a compose file as written (what dstack measures), deployed with
/// `section`'s options: found whether or not its project loads.
pub fn check_written(
    documents: &[Node],
    section: &DstackSection,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let allowed_envs = section.allowed_envs.as_deref().unwrap_or_default();
    for document in documents {
        variable_not_allowed::check(document, allowed_envs, diagnostics);
        for (name, service) in written_services(document) {
            variable_in_measured_field::check(name, service, diagnostics);
        }
    }
}

/// The DS findings about the `services` of a compose file's loaded model, whose `text` is
/// the file's, deployed with `section`'s options.
pub fn check_model(
    services: &[Service<'_>],
    text: &str,
    section: &DstackSection,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for service in services {
        build_inside_cvm::check(service, diagnostics);
        socket_file_mount::check(service, text, section.version(), diagnostics);
        legacy_tappd_socket::check(service, diagnostics);
    }
}

/// The compose findings of a file deployed to dstack, as they matter there. CP201 becomes an
/// error: the compose-hash measures the image's name, so a tag lets the registry (or the
/// host's registry mirror) change what runs under the same hash. CP305 becomes a warning:
/// in a CVM a port published on every interface is open to the internet. CP101 goes: dstack
/// sets the variables allowed_envs lists, whatever the machine checking the file has, and
/// DS101 reports the others.
pub fn adjust_compose_findings(diagnostics: &mut Vec<Diagnostic>) {
    use crate::compose::rules::{image_not_pinned, unbound_port_interface, unset_variable};
    diagnostics.retain(|diagnostic| !diagnostic.is(&unset_variable::RULE));
    for diagnostic in diagnostics.iter_mut() {
        let (severity, note) = if diagnostic.is(&image_not_pinned::RULE) {
            (
                Severity::Error,
                "dstack measures the compose file, not the image: only a digest makes the compose-hash name what runs",
            )
        } else if diagnostic.is(&unbound_port_interface::RULE) {
            (
                Severity::Warning,
                "in a dstack CVM every port published on all interfaces is reachable from the internet; bind 127.0.0.1 for one only the app's services use",
            )
        } else {
            continue;
        };
        diagnostic.severity = severity;
        diagnostic.notes.push(note.to_owned());
    }
}

/// The services of a document as the file writes them, by name.
fn written_services(document: &Node) -> impl Iterator<Item = (&str, &Node)> {
    document
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .map(|entry| (entry.key.as_str().unwrap_or_default(), &entry.value))
}

/// Every string scalar inside `node` (values, not keys), in document order.
fn strings(node: &Node) -> Vec<&Node> {
    fn collect<'a>(node: &'a Node, found: &mut Vec<&'a Node>) {
        match &node.value {
            Value::String(_) => found.push(node),
            Value::Sequence(items) => items.iter().for_each(|item| collect(item, found)),
            Value::Mapping(entries) => entries
                .iter()
                .for_each(|entry| collect(&entry.value, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    collect(node, &mut found);
    found
}

/// The model's volume sources of `service` that are written in the checked file, with the
/// volume's node.
fn volume_sources<'a>(service: &Service<'a>) -> impl Iterator<Item = (&'a str, &'a Node)> {
    service
        .items("volumes")
        .iter()
        .filter(|volume| service.in_file(volume))
        .filter_map(|volume| Some((volume.get("source")?.as_str()?, volume)))
}

/// The messages a check pushes, for the rules' unit tests.
#[cfg(test)]
fn messages_of(check: impl FnOnce(&mut Vec<Diagnostic>)) -> Vec<String> {
    let mut diagnostics = Vec::new();
    check(&mut diagnostics);
    diagnostics
        .into_iter()
        .map(|diagnostic| diagnostic.message)
        .collect()
}
