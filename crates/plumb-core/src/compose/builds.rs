//! The builds a compose project asks for (each service's `build:`), and giving each one's
//! Dockerfile the build context the compose file names: the Dockerfile is then checked as
//! `docker compose build` builds it, and its findings point into it.

use super::posix_path as path;
use super::workspace_project::{WorkspaceProject, is_override};
use crate::build_context::{BuildContext, ContextFiles};
use crate::dockerfile::dockerignore::Dockerignore;
use crate::source::Span;
use crate::workspace::{FileKind, Workspace};
use crate::yaml::Node;
use std::collections::BTreeMap;

/// One service's build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceBuild {
    /// The workspace path of the compose file whose project has the service.
    pub compose_file: String,
    pub service: String,
    /// Where the service's `build` is written in the compose file (`None` when it comes from
    /// another file: an override, `extends` or `include`).
    pub place: Option<Span>,
    /// Where `build.context` and `build.dockerfile` are written, when they are (not
    /// defaults) in the compose file.
    pub context_place: Option<Span>,
    pub dockerfile_place: Option<Span>,
    pub source: BuildSource,
    /// The stage to build, where it is written in the compose file.
    pub target: Option<(String, Option<Span>)>,
    /// The build args' names, where each is written in the compose file.
    pub args: Vec<(String, Option<Span>)>,
    /// The build args that have a value, as the build gets them.
    pub arg_values: BTreeMap<String, String>,
}

/// What a build reads its Dockerfile and context from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildSource {
    /// A directory, with the Dockerfile's workspace path (both as the workspace names
    /// them: see [`super::workspace_project::WorkspaceFiles::workspace_path`]).
    Local { context: String, dockerfile: String },
    /// `dockerfile_inline`, or a Git or HTTP context: nothing in the workspace to check.
    Elsewhere,
}

/// The builds of every compose project in the workspace: one per service with a `build`,
/// for each compose file checked on its own (override files are loaded with theirs).
pub fn service_builds(workspace: &Workspace) -> Vec<ServiceBuild> {
    let mut builds = Vec::new();
    for compose_file in workspace.paths_of_kind(FileKind::Compose) {
        if is_override(&path::file_name(compose_file)) {
            continue;
        }
        let project = WorkspaceProject::load(workspace, compose_file);
        let Ok(loaded) = &project.loaded.project else {
            continue;
        };
        let services = loaded
            .model
            .get("services")
            .and_then(Node::as_mapping)
            .unwrap_or_default();
        for service in services {
            let Some(build) = service.value.get("build") else {
                continue;
            };
            let written = |node: &Node| (Some(node.file) == project.this_file).then_some(node.span);
            let place = written(build);
            // Defaults are placed at the service: only what lies inside `build` is written.
            let written_in_build = |key: &str| {
                let span = written(build.get(key)?)?;
                let inside = place?;
                (span.start >= inside.start && span.end <= inside.end).then_some(span)
            };
            builds.push(ServiceBuild {
                compose_file: compose_file.to_owned(),
                service: service.key.as_str().unwrap_or_default().to_owned(),
                place,
                context_place: written_in_build("context"),
                dockerfile_place: written_in_build("dockerfile"),
                source: build_source(build, &project),
                target: build
                    .get("target")
                    .and_then(|target| Some((target.as_str()?.to_owned(), written(target)))),
                args: build
                    .get("args")
                    .and_then(Node::as_mapping)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|arg| Some((arg.key.as_str()?.to_owned(), written(&arg.key))))
                    .collect(),
                arg_values: build
                    .get("args")
                    .and_then(Node::as_mapping)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|arg| {
                        Some((arg.key.as_str()?.to_owned(), arg.value.as_str()?.to_owned()))
                    })
                    .collect(),
            });
        }
    }
    builds
}

/// The model's `build`: a context that is a path is absolute after loading; anything else
/// is a URL.
fn build_source(build: &Node, project: &WorkspaceProject<'_>) -> BuildSource {
    let context = build
        .get("context")
        .and_then(Node::as_str)
        .unwrap_or_default();
    let dockerfile = build.get("dockerfile").and_then(Node::as_str);
    match dockerfile {
        Some(dockerfile) if path::is_absolute(context) => BuildSource::Local {
            context: project.files.workspace_path(context),
            dockerfile: project
                .files
                .workspace_path(&path::absolute(context, dockerfile)),
        },
        _ => BuildSource::Elsewhere,
    }
}

/// What a front end knows of the files that compose builds name: the Dockerfiles and
/// contexts may lie outside what it put in the workspace.
pub trait BuildFiles {
    /// The contents of the file at the workspace path `path`, if there is one.
    fn read(&mut self, path: &str) -> Option<Vec<u8>>;
    /// The files the builder receives from the context `directory` (a workspace path), as
    /// [`BuildContext::files`] holds them; empty when the directory does not exist, `None`
    /// when the front end cannot tell.
    fn list(&mut self, directory: &str, ignore: Option<&Dockerignore>) -> Option<ContextFiles>;
}

/// Every file in memory, by workspace path (the browser's page, a rule's example).
#[derive(Debug, Default)]
pub struct FilesInMemory<'a>(pub BTreeMap<&'a str, &'a [u8]>);

impl BuildFiles for FilesInMemory<'_> {
    fn read(&mut self, path: &str) -> Option<Vec<u8>> {
        self.0.get(path).map(|contents| contents.to_vec())
    }

    fn list(&mut self, directory: &str, ignore: Option<&Dockerignore>) -> Option<ContextFiles> {
        Some(std::sync::Arc::new(BuildContext::files_below(
            self.0.keys().copied(),
            directory,
            ignore,
        )))
    }
}

/// Adds the Dockerfile of every local compose build to the workspace (read through `files`
/// when the workspace does not hold it) with the build context the compose file gives,
/// its ignore files included. A Dockerfile several services build keeps the first
/// context; one the front end found on its own loses the context it assumed.
pub fn add_compose_builds(workspace: &mut Workspace, files: &mut dyn BuildFiles) {
    for build in service_builds(workspace) {
        let BuildSource::Local {
            context,
            dockerfile,
        } = build.source
        else {
            continue;
        };
        if workspace
            .contexts
            .get(&dockerfile)
            .is_some_and(|given| !given.assumed)
        {
            continue;
        }
        let mut build_context = BuildContext {
            directory: context,
            ..BuildContext::default()
        };
        add_file(workspace, files, &dockerfile, FileKind::Dockerfile);
        for ignore in [
            format!("{dockerfile}.dockerignore"),
            build_context.workspace_path(".dockerignore"),
        ] {
            add_file(workspace, files, &ignore, FileKind::Dockerignore);
        }
        build_context.ignore_file = workspace.ignore_file_for(&dockerfile, &build_context);
        let ignore = build_context
            .ignore_file
            .as_deref()
            .and_then(|ignore| workspace.text(ignore))
            .and_then(|text| Dockerignore::parse(&text).ok().flatten());
        build_context.files = files.list(&build_context.directory, ignore.as_ref());
        workspace.set_build_context(&dockerfile, build_context);
    }
}

/// Adds the file at `path` as `kind` unless the workspace checks it already: from the
/// workspace's unchecked inputs, else through `files`.
fn add_file(workspace: &mut Workspace, files: &mut dyn BuildFiles, path: &str, kind: FileKind) {
    if workspace.contains(path) {
        return;
    }
    let contents = workspace
        .inputs
        .get(path)
        .cloned()
        .or_else(|| files.read(path));
    if let Some(contents) = contents {
        workspace.add_file(path, kind, contents);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let mut workspace = Workspace::new();
        for (path, text) in files {
            match FileKind::detect(path) {
                Some(kind) => workspace.add_file(*path, kind, *text),
                None => workspace.add_input(*path, *text),
            }
        }
        workspace
    }

    fn sources(workspace: &Workspace) -> Vec<(String, BuildSource, bool)> {
        service_builds(workspace)
            .into_iter()
            .map(|build| (build.service, build.source, build.place.is_some()))
            .collect()
    }

    fn local(context: &str, dockerfile: &str) -> BuildSource {
        BuildSource::Local {
            context: context.into(),
            dockerfile: dockerfile.into(),
        }
    }

    #[test]
    fn each_service_build_names_its_context_and_dockerfile() {
        let compose = "services:\n  web:\n    build: ./web\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n  inline:\n    build:\n      dockerfile_inline: FROM alpine\n  remote:\n    build: https://github.com/example/app.git#main\n  db:\n    image: postgres:16\n";
        let workspace = workspace(&[("compose.yaml", compose)]);
        assert_eq!(
            sources(&workspace),
            [
                ("web".into(), local("web", "web/Dockerfile"), true),
                ("api".into(), local("", "docker/api.Dockerfile"), true),
                ("inline".into(), BuildSource::Elsewhere, true),
                ("remote".into(), BuildSource::Elsewhere, true),
            ]
        );
    }

    #[test]
    fn a_build_from_another_file_has_no_place_in_this_one() {
        let workspace = workspace(&[
            ("compose.yaml", "services:\n  web:\n    image: web:1\n"),
            (
                "compose.override.yaml",
                "services:\n  web:\n    build: ../shared\n",
            ),
        ]);
        assert_eq!(
            sources(&workspace),
            [(
                "web".into(),
                local("../shared", "../shared/Dockerfile"),
                false
            )]
        );
    }

    #[test]
    fn the_dockerfile_joins_the_workspace_with_the_compose_context() {
        let dockerfile = "FROM alpine:3.20\nCOPY . /src\n";
        let files: BTreeMap<&str, &[u8]> = [
            ("app/docker/Dockerfile", dockerfile.as_bytes()),
            ("app/.dockerignore", b"*.log\n".as_slice()),
            ("app/main.c", b"int main;\n".as_slice()),
            ("app/debug.log", b"x\n".as_slice()),
        ]
        .into();
        let mut workspace = workspace(&[(
            "compose.yaml",
            "services:\n  app:\n    build:\n      context: app\n      dockerfile: docker/Dockerfile\n",
        )]);
        // Found on its own first, with the context a front end assumes.
        workspace.add_file("app/docker/Dockerfile", FileKind::Dockerfile, dockerfile);
        let assumed = workspace.build_context("app/docker/Dockerfile");
        workspace.set_build_context("app/docker/Dockerfile", assumed);
        add_compose_builds(&mut workspace, &mut FilesInMemory(files));
        let context = workspace.build_context("app/docker/Dockerfile");
        assert_eq!(context.directory, "app");
        assert!(!context.assumed);
        assert_eq!(context.ignore_file.as_deref(), Some("app/.dockerignore"));
        let known: Vec<&str> = context
            .files
            .iter()
            .flat_map(|files| files.iter())
            .map(String::as_str)
            .collect();
        assert_eq!(known, [".dockerignore", "docker/Dockerfile", "main.c"]);
    }

    #[test]
    fn a_missing_dockerfile_still_gets_its_context() {
        let mut workspace = workspace(&[("compose.yaml", "services:\n  app:\n    build: .\n")]);
        add_compose_builds(&mut workspace, &mut FilesInMemory::default());
        assert!(!workspace.contains("Dockerfile"));
        let context = workspace.build_context("Dockerfile");
        assert!(!context.assumed);
        assert_eq!(context.files.map(|files| files.len()), Some(0));
    }
}
