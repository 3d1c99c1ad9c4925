//! The image each service of a compose project runs: the one it names (`image:`), or the
//! one its `build:` makes. What a lock pins and a deployment replaces by digest, with where
//! each is written in the compose file itself.

use super::posix_path as path;
use super::workspace_project::{WorkspaceProject, is_override};
use crate::source::Span;
use crate::workspace::{FileKind, Workspace};
use crate::yaml::Node;

/// One service's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceImage {
    pub service: String,
    /// The reference `image:` gives after interpolation, if the service has one.
    pub image: Option<String>,
    /// Where `image:`'s value is written in the compose file (`None` when it comes from
    /// another file, or there is none).
    pub image_place: Option<Span>,
    /// Whether the service builds its image (`build:`): then `image:` only names the result.
    pub builds: bool,
    /// Where the `build:` entry is written in the compose file, from its key to the end of
    /// its value.
    pub build_entry: Option<Span>,
}

impl ServiceImage {
    /// The image the service pulls rather than builds.
    pub fn pulled(&self) -> Option<&str> {
        self.image.as_deref().filter(|_| !self.builds)
    }
}

/// The services of the compose file at `compose_file`'s project, in the model's order, or
/// docker compose's reason for refusing it.
pub fn service_images(
    workspace: &Workspace,
    compose_file: &str,
) -> Result<Vec<ServiceImage>, String> {
    images_of(&WorkspaceProject::load(workspace, compose_file))
}

/// [`service_images`] of a project already loaded.
pub fn images_of(project: &WorkspaceProject<'_>) -> Result<Vec<ServiceImage>, String> {
    let loaded = match &project.loaded.project {
        Ok(loaded) => loaded,
        Err(error) => return Err(project.files.shown(&error.message)),
    };
    let written = |node: &Node| (Some(node.file) == project.this_file).then_some(node.span);
    let services = loaded
        .model
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default();
    Ok(services
        .iter()
        .map(|service| {
            let image = service.value.get("image");
            let build = service.value.entry("build");
            ServiceImage {
                service: service.key.as_str().unwrap_or_default().to_owned(),
                image: image.and_then(Node::as_str).map(str::to_owned),
                image_place: image.and_then(written),
                builds: build.is_some(),
                build_entry: build.and_then(|entry| {
                    let key = written(&entry.key)?;
                    let value = written(&entry.value)?;
                    Some(Span::new(key.start, value.end))
                }),
            }
        })
        .collect())
}

/// The compose files of the workspace that are projects of their own (override files are
/// loaded with theirs).
pub fn project_files(workspace: &Workspace) -> impl Iterator<Item = &str> {
    workspace
        .paths_of_kind(FileKind::Compose)
        .filter(|compose_file| !is_override(&path::file_name(compose_file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images(text: &str) -> Vec<ServiceImage> {
        let mut workspace = Workspace::new();
        workspace.add_file("compose.yaml", FileKind::Compose, text);
        service_images(&workspace, "compose.yaml").unwrap()
    }

    #[test]
    fn each_service_says_what_it_runs_and_where() {
        let text = "services:\n  db:\n    image: postgres:16\n  web:\n    build:\n      context: .\n    image: team/web:1\n";
        let found = images(text);
        assert_eq!(found[0].pulled(), Some("postgres:16"));
        let place = found[0].image_place.unwrap();
        assert_eq!(&text[place.start..place.end], "postgres:16");
        assert_eq!(found[1].pulled(), None);
        let build = found[1].build_entry.unwrap();
        assert_eq!(&text[build.start..build.end], "build:\n      context: .");
    }

    #[test]
    fn a_project_docker_compose_refuses_is_an_error() {
        let mut workspace = Workspace::new();
        workspace.add_file("compose.yaml", FileKind::Compose, "services:\n  web: {}\n");
        assert!(service_images(&workspace, "compose.yaml").is_err());
    }
}
