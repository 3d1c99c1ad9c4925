//! A compose file of the workspace with its project loaded as `plumb check` loads it
//! (docker compose run in the file's folder, with its override file): from the workspace's
//! files (inputs included) under the workspace's directory (`/workspace` for the browser,
//! which has none), with the environment the front end gives. The file's checks
//! (`format.rs`), the builds it asks for ([`super::builds`]) and the resolved view
//! ([`resolved_config`]: the project as `docker compose config` prints it) read it.

use super::config::{ConfigView, OutputFormat, config};
use super::load::{DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES, load};
use super::posix_path as path;
use super::project::{Loaded, Location, ProjectFiles, ProjectRequest};
use crate::workspace::Workspace;
use crate::yaml::FileId;
use std::collections::BTreeMap;

/// Where a workspace without a directory of its own (the browser's) is loaded.
pub const DEFAULT_ROOT: &str = "/workspace";

/// Whether a compose file is loaded with the file it overrides rather than on its own.
pub fn is_override(file_name: &str) -> bool {
    DEFAULT_OVERRIDE_FILE_NAMES.contains(&file_name)
}

/// How `plumb check` loads the compose file at `absolute`: as `docker compose` does in its
/// folder, so with the folder's override file when the file has a default name.
pub fn check_request(
    absolute: &str,
    files: &dyn ProjectFiles,
    environment: &BTreeMap<String, String>,
) -> ProjectRequest {
    let directory = path::parent(absolute);
    let mut compose_files = vec![absolute.to_owned()];
    if DEFAULT_FILE_NAMES.contains(&path::file_name(absolute).as_str())
        && let Some(override_file) = DEFAULT_OVERRIDE_FILE_NAMES
            .iter()
            .map(|name| path::join(&[&directory, name]))
            .find(|candidate| files.read(candidate).is_some())
    {
        compose_files.push(override_file);
    }
    ProjectRequest {
        working_directory: directory,
        files: compose_files,
        environment: environment.clone(),
        interpolate: true,
        ..ProjectRequest::default()
    }
}

/// The workspace's files as the loader reads them: absolute paths under the workspace's
/// directory (or [`DEFAULT_ROOT`]) are its relative paths.
#[derive(Debug)]
pub struct WorkspaceFiles<'a> {
    workspace: &'a Workspace,
    root: String,
}

impl<'a> WorkspaceFiles<'a> {
    pub fn new(workspace: &'a Workspace) -> Self {
        let root = workspace
            .options
            .working_directory
            .clone()
            .unwrap_or_else(|| DEFAULT_ROOT.to_owned());
        Self { workspace, root }
    }

    /// The absolute path of a workspace path.
    pub fn absolute(&self, workspace_path: &str) -> String {
        path::absolute(&self.root, workspace_path)
    }

    /// The workspace path of an absolute path: the key of the workspace file that is there
    /// if there is one (a front end may have named it `./app/Dockerfile`), else the path
    /// relative to the workspace's directory (empty for the directory itself, `../x` for
    /// what lies beside it), as the CLI shows paths.
    pub fn workspace_path(&self, absolute: &str) -> String {
        if absolute == self.root {
            return String::new();
        }
        let relative = path::relative(&self.root, absolute);
        if self.workspace.all_paths().any(|key| key == relative) {
            return relative;
        }
        self.workspace
            .all_paths()
            .find(|key| self.absolute(key) == absolute)
            .map_or(relative, str::to_owned)
    }

    /// `message` with the workspace's directory left out of the paths it names, as the
    /// rest of plumb's findings name files.
    pub fn shown(&self, message: &str) -> String {
        message.replace(&format!("{}/", self.root), "")
    }
}

impl ProjectFiles for WorkspaceFiles<'_> {
    fn read(&self, absolute: &str) -> Option<Vec<u8>> {
        self.workspace
            .contents(&self.workspace_path(absolute))
            .map(<[u8]>::to_vec)
    }

    fn is_directory(&self, absolute: &str) -> bool {
        let prefix = format!("{}/", self.workspace_path(absolute));
        absolute == self.root
            || self
                .workspace
                .all_paths()
                .any(|file| file.starts_with(&prefix))
    }
}

/// The project of the compose file at the workspace path `compose_file`, loaded as docker
/// compose loads it in the file's folder (with the folder's override file when the file has
/// a default name).
#[derive(Debug)]
pub struct WorkspaceProject<'a> {
    pub files: WorkspaceFiles<'a>,
    pub loaded: Loaded,
    /// The checked file among the files the load read.
    pub this_file: Option<FileId>,
}

impl<'a> WorkspaceProject<'a> {
    pub fn load(workspace: &'a Workspace, compose_file: &str) -> Self {
        let files = WorkspaceFiles::new(workspace);
        let absolute = files.absolute(compose_file);
        let loaded = load(&request_for(workspace, &absolute, &files), &files);
        let this_file = loaded
            .sources
            .iter()
            .position(|source| source.path == absolute)
            .map(|index| FileId(index as u32));
        Self {
            files,
            loaded,
            this_file,
        }
    }
}

/// What docker compose is asked for the compose file at `absolute`: the file (and its
/// override) with the workspace's environment.
fn request_for(
    workspace: &Workspace,
    absolute: &str,
    files: &WorkspaceFiles<'_>,
) -> ProjectRequest {
    check_request(absolute, files, &workspace.options.environment)
}

/// A compose file's project as `docker compose config` prints it (YAML), or why docker
/// compose refuses it; files are named by their workspace paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedConfig {
    pub output: Result<String, ResolvedError>,
    /// What docker compose warns about while loading it.
    pub warnings: Vec<String>,
    /// The workspace files loading read (the compose files, an override, `.env`,
    /// `env_file`s, `extends` and `include` files).
    pub files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedError {
    pub message: String,
    /// Where the problem is written, when that is known.
    pub location: Option<Location>,
}

/// The project of the compose file at `path` as `plumb compose config` prints it when run
/// in the file's folder with the workspace's environment.
pub fn resolved_config(workspace: &Workspace, path: &str) -> ResolvedConfig {
    let files = WorkspaceFiles::new(workspace);
    let absolute = files.absolute(path);
    let result = config(
        &request_for(workspace, &absolute, &files),
        &files,
        ConfigView::Model(OutputFormat::Yaml),
    );
    let loaded = &result.loaded;
    let output = result.output.map_err(|error| ResolvedError {
        message: files.shown(&error.message),
        location: error
            .place
            .and_then(|place| loaded.locate(place))
            .map(|location| Location {
                path: files.workspace_path(&location.path),
                ..location
            }),
    });
    ResolvedConfig {
        output,
        warnings: loaded
            .warnings
            .iter()
            .map(|warning| files.shown(&warning.message))
            .collect(),
        files: loaded
            .sources
            .iter()
            .map(|source| files.workspace_path(&source.path))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::FileKind;

    #[test]
    fn absolute_paths_map_back_to_the_names_the_workspace_uses() {
        let mut workspace = Workspace::new();
        workspace.options.working_directory = Some("/home/me/site".into());
        workspace.add_file(
            "./../shared/Dockerfile",
            FileKind::Dockerfile,
            "FROM alpine\n",
        );
        workspace.add_input("app/.env", "A=1\n");
        let files = WorkspaceFiles::new(&workspace);
        assert_eq!(
            files.workspace_path("/home/me/shared/Dockerfile"),
            "./../shared/Dockerfile"
        );
        assert_eq!(files.workspace_path("/home/me/site/app/.env"), "app/.env");
        assert_eq!(
            files.workspace_path("/home/me/site/app/Dockerfile"),
            "app/Dockerfile"
        );
        assert_eq!(
            files.workspace_path("/srv/Dockerfile"),
            "../../../srv/Dockerfile"
        );
        assert_eq!(files.workspace_path("/home/me/site"), "");
        assert!(files.read("/home/me/shared/Dockerfile").is_some());
        assert!(files.read("/home/me/shared/Dockerfile.dev").is_none());
        assert!(files.is_directory("/home/me/site/app"));
        assert_eq!(
            files.shown("open /home/me/site/app/x: not found"),
            "open app/x: not found"
        );
    }

    fn workspace_of(files: &[(&str, &str)]) -> Workspace {
        let mut workspace = Workspace::new();
        for (path, text) in files {
            match FileKind::detect(path) {
                Some(kind) => workspace.add_file(*path, kind, text.as_bytes().to_vec()),
                None => workspace.add_input(*path, text.as_bytes().to_vec()),
            }
        }
        workspace
    }

    #[test]
    fn the_project_is_printed_with_its_override_and_env_file() {
        let workspace = workspace_of(&[
            (
                "app/compose.yaml",
                "services:\n  web:\n    image: nginx:${TAG}\n",
            ),
            (
                "app/compose.override.yaml",
                "services:\n  web:\n    init: true\n",
            ),
            ("app/.env", "TAG=1.28\n"),
        ]);
        let resolved = resolved_config(&workspace, "app/compose.yaml");
        assert_eq!(
            resolved.output,
            Ok("name: app\nservices:\n  web:\n    image: nginx:1.28\n    init: true\n    networks:\n      default: null\nnetworks:\n  default:\n    name: app_default\n".to_owned())
        );
        assert_eq!(
            resolved.files,
            ["app/.env", "app/compose.yaml", "app/compose.override.yaml"]
        );
        assert!(resolved.warnings.is_empty(), "{:?}", resolved.warnings);
    }

    #[test]
    fn an_error_names_its_file_and_place_by_workspace_path() {
        let workspace = workspace_of(&[(
            "app/compose.yaml",
            "version: \"3\"\nservices:\n  web:\n    image: nginx:1.28\n    depends_on: [db]\n",
        )]);
        let resolved = resolved_config(&workspace, "app/compose.yaml");
        let error = resolved.output.expect_err("db is no service");
        assert_eq!(
            error.message,
            "service \"web\" depends on undefined service \"db\": invalid compose project"
        );
        let location = error.location.expect("a place");
        assert_eq!(
            (location.path.as_str(), location.start.line),
            ("app/compose.yaml", 4)
        );
        assert_eq!(
            resolved.warnings,
            [
                "app/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
            ]
        );

        let missing_env_file = workspace_of(&[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx:1.28\n    env_file: web.env\n",
        )]);
        let error = resolved_config(&missing_env_file, "compose.yaml")
            .output
            .expect_err("web.env is missing");
        assert!(
            error.message.contains("web.env") && !error.message.contains(DEFAULT_ROOT),
            "{}",
            error.message
        );
    }
}
