//! The rules read from a loaded project's model: each service's settings as docker compose
//! will use them (after interpolation, merging and the long syntax), reported where they are
//! written in the file being checked. Each rule's check is in its own file; this one hands
//! them the services.

use super::{
    build_and_image, dangerous_capability, docker_socket_mount, duplicate_published_port,
    host_namespace, image_not_pinned, privileged, pull_policy_refreshes, remote_build_context,
    unbound_port_interface,
};
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

    /// Whether the service uses the host's network, where compose publishes no ports.
    pub fn uses_host_network(&self) -> bool {
        self.text("network_mode") == Some("host")
    }
}

/// Every service of the model, for the rules that compare services.
#[derive(Debug)]
pub struct Project<'a> {
    pub services: Vec<Service<'a>>,
    file: FileId,
}

impl Project<'_> {
    pub fn in_file(&self, node: &Node) -> bool {
        node.file == self.file
    }
}

type ServiceCheck = fn(&Service<'_>, &mut Vec<Diagnostic>);
type ProjectCheck = fn(&Project<'_>, &mut Vec<Diagnostic>);

const SERVICE_CHECKS: &[ServiceCheck] = &[
    image_not_pinned::check,
    pull_policy_refreshes::check,
    build_and_image::check,
    remote_build_context::check,
    privileged::check,
    docker_socket_mount::check,
    host_namespace::check,
    dangerous_capability::check,
    unbound_port_interface::check,
];

const PROJECT_CHECKS: &[ProjectCheck] = &[duplicate_published_port::check];

/// The model's services, as the rules about values written in `file` see them.
pub fn services(model: &Node, file: FileId) -> Vec<Service<'_>> {
    model
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .map(|service| Service {
            name: service.key.as_str().unwrap_or_default(),
            node: &service.value,
            file,
        })
        .collect()
}

/// The findings of the model's rules about values written in `file`.
pub fn check_model(model: &Node, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let project = Project {
        services: services(model, file),
        file,
    };
    for service in &project.services {
        for check in SERVICE_CHECKS {
            check(service, diagnostics);
        }
    }
    for check in PROJECT_CHECKS {
        check(&project, diagnostics);
    }
}

#[cfg(test)]
pub mod testing {
    //! The findings of one compose rule in a workspace of compose files.

    use crate::analysis::analyze;
    use crate::rules::Rule;
    use crate::workspace::{FileKind, Workspace};

    /// One finding: the file, the text its span covers, its message and notes.
    #[derive(Debug)]
    pub struct Found {
        pub file: String,
        pub text: String,
        pub message: String,
        pub notes: Vec<String>,
    }

    /// `rule`'s findings over `files` (each checked as plumb check checks it; a
    /// `plumb.toml` among them configures every other file).
    pub fn found(rule: &Rule, files: &[(&str, &str)]) -> Vec<Found> {
        let mut workspace = Workspace::new();
        let is_config = |path: &str| path.rsplit('/').next() == Some("plumb.toml");
        for (path, text) in files.iter().filter(|(path, _)| !is_config(path)) {
            let kind = FileKind::detect(path).unwrap_or(FileKind::Compose);
            workspace.add_file(*path, kind, *text);
        }
        for (config, text) in files.iter().filter(|(path, _)| is_config(path)) {
            workspace
                .add_config(*config, text)
                .expect("a valid plumb.toml");
            for (path, _) in files.iter().filter(|(path, _)| !is_config(path)) {
                workspace.use_config(path, config, *path);
            }
        }
        let text_of = |path: &str| {
            files
                .iter()
                .find(|(file, _)| *file == path)
                .map_or("", |(_, text)| text)
        };
        analyze(&workspace)
            .diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.is(rule))
            .map(|diagnostic| Found {
                text: text_of(&diagnostic.file)[diagnostic.span.start..diagnostic.span.end]
                    .to_owned(),
                file: diagnostic.file,
                message: diagnostic.message,
                notes: diagnostic.notes,
            })
            .collect()
    }

    /// The texts at the findings' spans, in `compose.yaml` alone.
    pub fn texts(rule: &Rule, text: &str) -> Vec<String> {
        found(rule, &[("compose.yaml", text)])
            .into_iter()
            .map(|found| found.text)
            .collect()
    }

    /// The messages of the findings in `compose.yaml` alone.
    pub fn messages(rule: &Rule, text: &str) -> Vec<String> {
        found(rule, &[("compose.yaml", text)])
            .into_iter()
            .map(|found| found.message)
            .collect()
    }
}
