//! Turning command-line paths into a workspace: which files to check, their bytes, and the
//! `plumb.toml` that applies to each (the nearest one in the file's directory or above).

use crate::parallel;
use anyhow::{Context, Result, bail};
use plumb_core::config::ConfigError;
use plumb_core::{FileKind, Workspace};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "plumb.toml";

/// A config file that could not be used: where it is, its text, and what is wrong.
#[derive(Debug)]
pub struct InvalidConfig {
    pub path: String,
    pub text: String,
    pub error: ConfigError,
}

/// A loaded workspace and where each of its checked files lives on disk.
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    /// Display path → real path, for writing fixes back.
    pub real_paths: BTreeMap<String, PathBuf>,
}

/// Loads the files under `paths` (the current directory when empty) into a workspace.
pub fn load_workspace(paths: &[PathBuf]) -> Result<std::result::Result<Loaded, InvalidConfig>> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    files.sort();
    files.dedup();

    let mut workspace = Workspace::new();
    let mut real_paths = BTreeMap::new();
    let mut listings = BTreeMap::new();
    let mut configs = ConfigFinder::default();
    for ((display, path, kind), contents) in files.iter().zip(read_all(&files)) {
        let contents = contents.with_context(|| format!("cannot read {display}"))?;
        if looks_binary(&contents) {
            bail!("{display} is a binary file, not a {}", kind_name(*kind));
        }
        workspace.add_file(display.clone(), *kind, contents);
        real_paths.insert(display.clone(), path.clone());
        add_dockerignores(&mut workspace, &mut listings, display, path)?;
        if let Some((config_path, relative)) = configs.nearest(path)? {
            if !configs.added.contains_key(&config_path) {
                let text = std::fs::read_to_string(&config_path)
                    .with_context(|| format!("cannot read {}", config_path.display()))?;
                let shown = shown_from_current_directory(&config_path);
                if let Err(error) = workspace.add_config(shown.clone(), &text) {
                    return Ok(Err(InvalidConfig {
                        path: shown,
                        text,
                        error,
                    }));
                }
                configs.added.insert(config_path.clone(), shown);
            }
            workspace.use_config(display, &configs.added[&config_path], relative);
        }
    }
    Ok(Ok(Loaded {
        workspace,
        real_paths,
    }))
}

/// Every file's bytes, read on every core: with many files the system calls dominate.
fn read_all(files: &[(String, PathBuf, FileKind)]) -> Vec<std::io::Result<Vec<u8>>> {
    let chunk_length = files.len().div_ceil(parallel::cores()).max(1);
    let chunks: Vec<_> = files.chunks(chunk_length).collect();
    parallel::map_parts(&chunks, |chunk| {
        chunk
            .iter()
            .map(|(_, path, _)| std::fs::read(path))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Dockerignore => ".dockerignore",
    }
}

/// Adds the ignore files BuildKit would read for the Dockerfile (its context being the
/// Dockerfile's folder): `<name>.dockerignore` beside it and `.dockerignore`.
fn add_dockerignores(
    workspace: &mut Workspace,
    listings: &mut BTreeMap<PathBuf, BTreeSet<String>>,
    display: &str,
    path: &Path,
) -> Result<()> {
    let display_directory = display.rfind('/').map_or("", |slash| &display[..=slash]);
    let directory = path.parent().unwrap_or(Path::new("."));
    // One directory listing answers for every Dockerfile in the folder.
    let names = listings.entry(directory.to_path_buf()).or_insert_with(|| {
        std::fs::read_dir(if directory.as_os_str().is_empty() {
            Path::new(".")
        } else {
            directory
        })
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".dockerignore"))
                .collect()
        })
        .unwrap_or_default()
    });
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    for (shown, name) in [
        (
            format!("{display}.dockerignore"),
            format!("{file_name}.dockerignore"),
        ),
        (
            format!("{display_directory}.dockerignore"),
            ".dockerignore".to_owned(),
        ),
    ] {
        if names.contains(&name) && !workspace.contains(&shown) {
            let real = directory.join(&name);
            let contents = std::fs::read(&real).with_context(|| format!("cannot read {shown}"))?;
            workspace.add_file(shown, FileKind::Dockerignore, contents);
        }
    }
    Ok(())
}

/// Adds `path` (a file, or a directory searched recursively) to `files` as
/// `(display path, real path, kind)`.
fn collect(path: &Path, files: &mut Vec<(String, PathBuf, FileKind)>) -> Result<()> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    let display = display_path(path);
    if metadata.is_file() {
        let Some(kind) = FileKind::detect(&display) else {
            bail!(
                "{display}: not a file plumb can check (expected a Dockerfile: Dockerfile, Containerfile, *.Dockerfile or Dockerfile.*)"
            );
        };
        files.push((display, path.to_path_buf(), kind));
        return Ok(());
    }
    let before = files.len();
    walk(path, files)?;
    if files.len() == before {
        bail!("{display}: no Dockerfiles found in this directory");
    }
    Ok(())
}

/// Directories plumb never searches: version control, build output, dependencies.
fn is_skipped_directory(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
        || matches!(name, "target" | "node_modules")
}

fn walk(directory: &Path, files: &mut Vec<(String, PathBuf, FileKind)>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(directory)
        .with_context(|| format!("cannot read directory {}", directory.display()))?
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot read directory {}", directory.display()))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            if !is_skipped_directory(&name) {
                walk(&path, files)?;
            }
        } else if let Some(kind) = FileKind::detect(&name)
            && path.is_file()
        {
            files.push((display_path(&path), path, kind));
        }
    }
    Ok(())
}

/// Paths are shown as given, with `/` separators and without a leading `./`.
fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut shown = text.as_str();
    while let Some(rest) = shown.strip_prefix("./") {
        shown = rest;
    }
    if shown.is_empty() {
        ".".into()
    } else {
        shown.to_owned()
    }
}

/// A path found by walking up from a file, shown relative to the current directory when it
/// lies below it.
fn shown_from_current_directory(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|current| std::fs::canonicalize(current).ok())
        .and_then(|current| path.strip_prefix(current).ok().map(display_path))
        .unwrap_or_else(|| display_path(path))
}

/// Binary files have NUL bytes early on (the test git uses) and are not UTF-8 text; a
/// UTF-8 Dockerfile with a NUL in it is still text to BuildKit.
pub fn looks_binary(contents: &[u8]) -> bool {
    contents.iter().take(8000).any(|&byte| byte == 0) && std::str::from_utf8(contents).is_err()
}

/// Finds the nearest `plumb.toml` above each file, remembering what it found.
#[derive(Default)]
struct ConfigFinder {
    /// Directory → the config that applies there, if any.
    by_directory: BTreeMap<PathBuf, Option<PathBuf>>,
    /// Real config path → the path it was added to the workspace under.
    added: BTreeMap<PathBuf, String>,
    /// Directory as given → resolved absolute directory.
    resolved: BTreeMap<PathBuf, PathBuf>,
}

impl ConfigFinder {
    /// The config for `file` and the file's path relative to the config's directory.
    fn nearest(&mut self, file: &Path) -> Result<Option<(PathBuf, String)>> {
        // Resolving a path costs a system call per component: do it once per directory.
        let given_directory = file.parent().unwrap_or(Path::new("."));
        let directory = match self.resolved.get(given_directory) {
            Some(directory) => directory.clone(),
            None => {
                let resolved = std::fs::canonicalize(if given_directory.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    given_directory
                })
                .with_context(|| format!("cannot resolve {}", file.display()))?;
                self.resolved
                    .insert(given_directory.to_path_buf(), resolved.clone());
                resolved
            }
        };
        let absolute = directory.join(file.file_name().unwrap_or_default());
        let directory = directory.as_path();
        let Some(config) = self.config_for(directory) else {
            return Ok(None);
        };
        let config_directory = config.parent().unwrap_or(Path::new("/"));
        let relative = absolute
            .strip_prefix(config_directory)
            .map(|relative| relative.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Ok(Some((config, relative)))
    }

    fn config_for(&mut self, directory: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_directory.get(directory) {
            return found.clone();
        }
        let candidate = directory.join(CONFIG_FILE);
        let found = if candidate.is_file() {
            Some(candidate)
        } else {
            directory
                .parent()
                .and_then(|parent| self.config_for(parent))
        };
        self.by_directory
            .insert(directory.to_path_buf(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_tidy() {
        assert_eq!(display_path(Path::new("./a/Dockerfile")), "a/Dockerfile");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(
            display_path(Path::new("/abs/Dockerfile")),
            "/abs/Dockerfile"
        );
    }

    #[test]
    fn binary_files_are_not_utf8_text_with_nul_bytes() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\0\0\0\xff\xfe"));
        assert!(!looks_binary(b"FROM a\nRUN echo a\0b\n"));
        assert!(!looks_binary(b"FROM a\nLABEL a=Jos\xe9\n"));
    }

    #[test]
    fn skips_hidden_and_build_directories() {
        assert!(is_skipped_directory(".git"));
        assert!(is_skipped_directory("node_modules"));
        assert!(!is_skipped_directory("services"));
    }
}
