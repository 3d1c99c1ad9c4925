//! The input of an analysis: files by path, with their kinds and configuration. The core
//! never reads the disk; front ends fill a workspace with what they have.

use crate::build_context::BuildContext;
use crate::config::{Config, ConfigError};
use crate::format::FORMATS;
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The formats plumb understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    /// The `.dockerignore` of a build context (or `<name>.dockerignore` beside a
    /// Dockerfile): not checked itself, read by the Dockerfile rules.
    Dockerignore,
    /// A Docker Compose file.
    Compose,
    /// dstack's app-compose.json.
    AppCompose,
    /// An mkosi configuration file (`mkosi.conf`, `mkosi.conf.d/*.conf`, …).
    Mkosi,
    /// A script mkosi runs (`mkosi.build`, `mkosi.prepare.chroot`, …).
    MkosiScript,
}

impl FileKind {
    /// The kind a file name implies, if any: the first format that recognises it.
    pub fn detect(path: &str) -> Option<FileKind> {
        let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        FORMATS
            .iter()
            .find(|format| format.recognizes(file_name) || format.recognizes_path(path))
            .map(|format| format.kind())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct WorkspaceFile {
    pub kind: FileKind,
    pub contents: Vec<u8>,
    /// The `plumb.toml` that applies and the file's path relative to its directory.
    pub config: Option<(String, String)>,
}

/// Files to analyse, keyed by the path shown in findings.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub(crate) files: BTreeMap<String, WorkspaceFile>,
    pub(crate) configs: BTreeMap<String, Config>,
    /// Rules never reported, whatever the configuration says (`plumb check --ignore`).
    pub(crate) ignored: BTreeSet<&'static Rule>,
    /// Build contexts given for Dockerfiles, by the Dockerfile's path.
    pub(crate) contexts: BTreeMap<String, BuildContext>,
    /// The `plumb.lock` of each directory said to have one (workspace paths, `""` the root);
    /// `None`: the directory has none that applies, and no lock further up does either.
    pub(crate) locks: BTreeMap<String, Option<Lock>>,
    /// Files the checks may read that are not checked themselves (a compose project's
    /// `.env`, `env_file`s, `extends` and `include` files), by path.
    pub(crate) inputs: BTreeMap<String, Vec<u8>>,
    /// The facts of the build environment.
    pub options: Options,
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file. Contents are bytes: text that is not UTF-8 is decoded
    /// lossily during the analysis, with a finding that says so.
    pub fn add_file(
        &mut self,
        path: impl Into<String>,
        kind: FileKind,
        contents: impl Into<Vec<u8>>,
    ) {
        self.files.insert(
            path.into(),
            WorkspaceFile {
                kind,
                contents: contents.into(),
                config: None,
            },
        );
    }

    /// Replaces the contents of a file already in the workspace, keeping its kind and
    /// configuration (used when applying fixes).
    pub fn replace_contents(&mut self, path: &str, contents: impl Into<Vec<u8>>) {
        if let Some(file) = self.files.get_mut(path) {
            file.contents = contents.into();
        }
    }

    /// The text of a file, decoded as the analysis decodes it (lossily, if it is not UTF-8).
    pub fn text(&self, path: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.files
            .get(path)
            .map(|file| String::from_utf8_lossy(&file.contents))
    }

    /// Adds a `plumb.toml` (or a `.hadolint.yaml`, by its name) under `path`.
    pub fn add_config(&mut self, path: impl Into<String>, text: &str) -> Result<(), ConfigError> {
        let path = path.into();
        let config = Config::parse_named(&path, text)?;
        self.configs.insert(path, config);
        Ok(())
    }

    /// Applies the config added under `config_path` to the file at `file_path`, which lies at
    /// `relative_path` from the config's directory (per-path patterns match that).
    pub fn use_config(
        &mut self,
        file_path: &str,
        config_path: &str,
        relative_path: impl Into<String>,
    ) {
        if let Some(file) = self.files.get_mut(file_path) {
            file.config = Some((config_path.to_owned(), relative_path.into()));
        }
    }

    /// The configuration that applies to the file at `path`, with the file's path relative
    /// to the configuration's directory.
    pub fn config_for(&self, path: &str) -> Option<(&Config, &str)> {
        let (config_path, relative) = self.files.get(path)?.config.as_ref()?;
        Some((self.configs.get(config_path)?, relative.as_str()))
    }

    /// The lowest severity that fails a run for the file at `path`, if its configuration
    /// says (`fail-level`, hadolint's `failure-threshold`).
    pub fn fail_threshold(&self, path: &str) -> Option<crate::config::FailThreshold> {
        self.config_for(path)?.0.fail_threshold
    }

    /// Never reports `rule`: applied after `plumb.toml` and inline suppressions, so the
    /// front end (a command-line flag) has the last word.
    pub fn ignore(&mut self, rule: &'static Rule) {
        self.ignored.insert(rule);
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The paths of the files of `kind`, in path order.
    pub fn paths_of_kind(&self, kind: FileKind) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .filter(move |(_, file)| file.kind == kind)
            .map(|(path, _)| path.as_str())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Sets the lock of `directory` (a workspace path, `""` for the root): it applies to the
    /// files below it that have no nearer one. `None` says that none applies there, whatever
    /// the directories above have (a front end that found the lock on disk says so for a
    /// folder whose nearest lock is outside the workspace, or could not be read).
    pub fn set_lock(&mut self, directory: impl Into<String>, lock: Option<Lock>) {
        self.locks.insert(directory.into(), lock);
    }

    /// The lock that applies to the file at `path`: the nearest above it.
    pub fn lock_for(&self, path: &str) -> Option<&Lock> {
        self.lock_with_directory(path).map(|(_, lock)| lock)
    }

    /// The lock that applies to the file at `path` and the directory it was put at.
    pub fn lock_with_directory(&self, path: &str) -> Option<(&str, &Lock)> {
        let mut directory = BuildContext::directory_of(path);
        loop {
            if let Some((key, lock)) = self.locks.get_key_value(directory) {
                return lock.as_ref().map(|lock| (key.as_str(), lock));
            }
            if directory.is_empty() {
                return None;
            }
            directory = BuildContext::directory_of(directory);
        }
    }

    /// Builds the Dockerfile at `dockerfile` in `context` instead of its own folder.
    pub fn set_build_context(&mut self, dockerfile: &str, context: BuildContext) {
        self.contexts.insert(dockerfile.to_owned(), context);
    }

    /// The build context of the Dockerfile at `path`: the one given, else its own folder,
    /// with the ignore file BuildKit would use there (`<path>.dockerignore`, else the
    /// context's `.dockerignore`) and no known files.
    pub fn build_context(&self, path: &str) -> BuildContext {
        self.contexts.get(path).cloned().unwrap_or_else(|| {
            let directory = BuildContext::directory_of(path).to_owned();
            let context = BuildContext {
                directory,
                assumed: true,
                ..BuildContext::default()
            };
            BuildContext {
                ignore_file: self.ignore_file_for(path, &context),
                ..context
            }
        })
    }

    /// The ignore file for a Dockerfile built in `context`: `<path>.dockerignore` beside it,
    /// else `.dockerignore` at the context's root.
    pub fn ignore_file_for(&self, path: &str, context: &BuildContext) -> Option<String> {
        [
            format!("{path}.dockerignore"),
            context.workspace_path(".dockerignore"),
        ]
        .into_iter()
        .find(|candidate| {
            self.files
                .get(candidate)
                .is_some_and(|file| file.kind == FileKind::Dockerignore)
        })
    }

    /// The raw contents of a file.
    pub fn contents(&self, path: &str) -> Option<&[u8]> {
        self.files
            .get(path)
            .map(|file| file.contents.as_slice())
            .or_else(|| self.inputs.get(path).map(Vec::as_slice))
    }

    /// Adds a file the checks may read without checking it (a compose project's `.env`).
    pub fn add_input(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.inputs.insert(path.into(), contents.into());
    }

    /// Every path the workspace holds, checked or not.
    pub(crate) fn all_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .chain(self.inputs.keys())
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::{BuildContext, FileKind};

    #[test]
    fn a_dockerfile_is_built_in_its_folder_unless_told_otherwise() {
        let mut workspace = super::Workspace::new();
        workspace.add_file("app/.dockerignore", FileKind::Dockerignore, "x\n");
        workspace.add_file("ctx/.dockerignore", FileKind::Dockerignore, "y\n");
        let own = workspace.build_context("app/Dockerfile");
        assert_eq!(own.directory, "app");
        assert_eq!(own.ignore_file.as_deref(), Some("app/.dockerignore"));
        let mut elsewhere = BuildContext {
            directory: "ctx".into(),
            ..BuildContext::default()
        };
        elsewhere.ignore_file = workspace.ignore_file_for("app/Dockerfile", &elsewhere);
        assert_eq!(elsewhere.ignore_file.as_deref(), Some("ctx/.dockerignore"));
        workspace.set_build_context("app/Dockerfile", elsewhere.clone());
        assert_eq!(workspace.build_context("app/Dockerfile"), elsewhere);
    }

    #[test]
    fn finds_the_dockerignore_of_a_dockerfile() {
        let mut workspace = super::Workspace::new();
        workspace.add_file(
            "app/.dockerignore",
            FileKind::Dockerignore,
            "node_modules\n",
        );
        workspace.add_file(
            "app/Dockerfile.dev.dockerignore",
            FileKind::Dockerignore,
            "*.md\n",
        );
        let ignore_file = |path| workspace.build_context(path).ignore_file;
        assert_eq!(
            ignore_file("app/Dockerfile").as_deref(),
            Some("app/.dockerignore")
        );
        assert_eq!(
            ignore_file("app/Dockerfile.dev").as_deref(),
            Some("app/Dockerfile.dev.dockerignore")
        );
        assert_eq!(ignore_file("Dockerfile"), None);
    }

    #[test]
    fn detects_kinds_from_the_file_name() {
        assert_eq!(
            FileKind::detect("svc/api/Dockerfile.prod"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::detect("C:\\src\\Containerfile"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(FileKind::detect("Dockerfile/README.md"), None);
    }
}
