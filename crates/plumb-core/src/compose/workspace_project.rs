//! A compose file of the workspace with its project loaded as `plumb check` loads it: from
//! the workspace's files (inputs included) under the workspace's directory, with the
//! environment the front end gives. The file's checks and the builds it asks for
//! ([`super::builds`]) read the same load.

use super::format::check_request;
use super::load::load;
use super::posix_path as path;
use super::project::{Loaded, ProjectFiles};
use crate::workspace::Workspace;
use crate::yaml::FileId;

/// Where a workspace without a directory of its own (the browser's) is loaded.
pub const DEFAULT_ROOT: &str = "/workspace";

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
        let request = check_request(&absolute, &files, &workspace.options.environment);
        let loaded = load(&request, &files);
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
}
