//! A compose file of a workspace loaded as its project: as `plumb check` loads it (docker
//! compose run in the file's folder, with its override file), from the workspace's files
//! under the workspace's directory (`/workspace` for the browser, which has none) and with
//! the environment the front end gives. The checks read it (`format.rs`), and so does the
//! resolved view ([`resolved_config`]: the project as `docker compose config` prints it).

use super::config::{ConfigView, OutputFormat, config};
use super::load::{DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES};
use super::posix_path as path;
use super::project::{Location, ProjectFiles, ProjectRequest};
use crate::workspace::Workspace;
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

/// The compose file at a workspace path, ready to load: the workspace's files as the loader
/// reads them (under the workspace's directory, relative paths are workspace paths).
#[derive(Debug)]
pub struct WorkspaceProject<'a> {
    workspace: &'a Workspace,
    root: String,
    absolute: String,
}

impl<'a> WorkspaceProject<'a> {
    pub fn new(workspace: &'a Workspace, path: &str) -> Self {
        let root = workspace
            .options
            .working_directory
            .clone()
            .unwrap_or_else(|| DEFAULT_ROOT.to_owned());
        let absolute = path::absolute(&root, path);
        Self {
            workspace,
            root,
            absolute,
        }
    }

    /// The compose file's absolute path, as the loader names it.
    pub fn absolute(&self) -> &str {
        &self.absolute
    }

    /// What docker compose is asked: the file (and its override) with the workspace's
    /// environment.
    pub fn request(&self) -> ProjectRequest {
        check_request(&self.absolute, self, &self.workspace.options.environment)
    }

    /// A message of the loader with files named by their workspace paths, as the rest of
    /// plumb's findings name them.
    pub fn shown(&self, message: &str) -> String {
        message.replace(&format!("{}/", self.root), "")
    }

    fn workspace_path(&self, absolute: &str) -> String {
        match absolute.strip_prefix(&format!("{}/", self.root)) {
            Some(relative) => relative.to_owned(),
            None => absolute.to_owned(),
        }
    }
}

impl ProjectFiles for WorkspaceProject<'_> {
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
    let project = WorkspaceProject::new(workspace, path);
    let result = config(
        &project.request(),
        &project,
        ConfigView::Model(OutputFormat::Yaml),
    );
    let loaded = &result.loaded;
    let output = result.output.map_err(|error| ResolvedError {
        message: project.shown(&error.message),
        location: error
            .place
            .and_then(|place| loaded.locate(place))
            .map(|location| Location {
                path: project.workspace_path(&location.path),
                ..location
            }),
    });
    ResolvedConfig {
        output,
        warnings: loaded
            .warnings
            .iter()
            .map(|warning| project.shown(&warning.message))
            .collect(),
        files: loaded
            .sources
            .iter()
            .map(|source| project.workspace_path(&source.path))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::FileKind;

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
