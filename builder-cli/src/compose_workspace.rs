//! What a compose file brings into `plumb check`'s workspace besides itself: the files its
//! project reads (`.env`, an override file, `env_file`s, `extends` and `include` files)
//! and the Dockerfiles its services build, with the build contexts it gives them.

use crate::context_listing;
use plumb_core::build_context::ContextFiles;
use plumb_core::compose::builds::{self, BuildFiles};
use plumb_core::compose::workspace_project::WorkspaceFiles;
use plumb_core::dockerfile::dockerignore::Dockerignore;
use plumb_core::{FileKind, Workspace};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Compose projects read more than their compose file (`.env`, an override file,
/// `env_file`s, `extends` and `include` files): each compose project is loaded once from
/// disk to learn which, and those files join the workspace unchecked, so the analysis
/// (which reads no disk) loads it the same. Compose interpolates with plumb's environment.
pub fn add_compose_inputs(workspace: &mut Workspace) {
    let compose_files: Vec<String> = workspace
        .paths_of_kind(FileKind::Compose)
        .map(str::to_owned)
        .collect();
    if compose_files.is_empty() {
        return;
    }
    let Ok(cwd) = std::env::current_dir() else {
        return;
    };
    let root = cwd.to_string_lossy().into_owned();
    workspace.options.working_directory = Some(root.clone());
    workspace.options.environment = std::env::vars_os()
        .filter_map(|(key, value)| Some((key.into_string().ok()?, value.into_string().ok()?)))
        .collect();
    let files = crate::commands::compose::DiskFiles;
    for compose_file in compose_files {
        let absolute = plumb_core::compose::posix_path::absolute(&root, &compose_file);
        let request = plumb_core::compose::workspace_project::check_request(
            &absolute,
            &files,
            &workspace.options.environment,
        );
        let loaded = plumb_core::compose::load::load(&request, &files);
        let shown: Vec<String> = {
            let names = WorkspaceFiles::new(workspace);
            loaded
                .sources
                .iter()
                .map(|source| names.workspace_path(&source.path))
                .collect()
        };
        for (source, shown) in loaded.sources.into_iter().zip(shown) {
            if !workspace.contains(&shown) {
                workspace.add_input(shown, source.text);
            }
        }
    }
}

/// Adds the Dockerfiles the workspace's compose projects build, read from disk, with their
/// build contexts listed from disk (see [`builds::add_compose_builds`]). Returns the
/// Dockerfiles it added, by workspace path with where they are.
pub fn add_compose_builds(workspace: &mut Workspace) -> Vec<(String, PathBuf)> {
    if workspace.paths_of_kind(FileKind::Compose).next().is_none() {
        return Vec::new();
    }
    let before: BTreeSet<String> = dockerfiles(workspace).collect();
    builds::add_compose_builds(workspace, &mut DiskBuildFiles);
    dockerfiles(workspace)
        .filter(|path| !before.contains(path))
        .map(|path| {
            let real = PathBuf::from(&path);
            (path, real)
        })
        .collect()
}

fn dockerfiles(workspace: &Workspace) -> impl Iterator<Item = String> + '_ {
    workspace
        .paths_of_kind(FileKind::Dockerfile)
        .map(str::to_owned)
}

/// The disk, seen from the current directory (where workspace paths start).
struct DiskBuildFiles;

impl BuildFiles for DiskBuildFiles {
    fn read(&mut self, path: &str) -> Option<Vec<u8>> {
        let path = Path::new(path);
        path.is_file().then(|| std::fs::read(path).ok()).flatten()
    }

    fn list(&mut self, directory: &str, ignore: Option<&Dockerignore>) -> Option<ContextFiles> {
        let directory = Path::new(if directory.is_empty() { "." } else { directory });
        if !directory.exists() {
            return Some(Arc::default());
        }
        context_listing::list(directory, ignore).map(Arc::new)
    }
}
