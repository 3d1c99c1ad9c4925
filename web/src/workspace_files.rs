//! The files of the browser's workspace and the one open in the editor: what is analysed
//! together, kept in local storage and carried by a share link.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use plumb_core::build_context::BuildContext;
use plumb_core::compose::builds::{FilesInMemory, add_compose_builds};
use plumb_core::config::CONFIG_FILES;
use plumb_core::context_tree::listing_of_files;
use plumb_core::dockerfile::dockerignore::Dockerignore;
use plumb_core::lock::{LOCK_FILE, Lock};
use plumb_core::{FileKind, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A share link's workspace is at most this large once inflated: a link cannot make the page
/// allocate without bound.
const MAX_SHARED_BYTES: usize = 8 << 20;

/// The start of a share link's fragment (`#w=…`).
pub const SHARE_PREFIX: &str = "w=";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceFiles {
    /// Path → text, paths `/`-separated and relative.
    files: BTreeMap<String, String>,
    /// The path of the file in the editor; always one of `files`.
    open: String,
}

impl WorkspaceFiles {
    /// A workspace of `files`, the first open; `None` when there is none.
    pub fn new(files: impl IntoIterator<Item = (String, String)>) -> Option<Self> {
        let files: BTreeMap<String, String> = files.into_iter().collect();
        let open = files.keys().next()?.clone();
        Some(Self { files, open })
    }

    /// A workspace of one file, open.
    pub fn single(path: &str, text: String) -> Self {
        Self {
            files: BTreeMap::from([(path.to_owned(), text)]),
            open: path.to_owned(),
        }
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn open_path(&self) -> &str {
        &self.open
    }

    pub fn open_text(&self) -> &str {
        self.files.get(&self.open).map_or("", String::as_str)
    }

    /// Opens `path` in the editor, if it is a file of the workspace.
    pub fn open(&mut self, path: &str) {
        if self.files.contains_key(path) {
            self.open = path.to_owned();
        }
    }

    /// Replaces the text of the open file.
    pub fn set_open_text(&mut self, text: String) {
        self.files.insert(self.open.clone(), text);
    }

    /// Replaces the text of `path`, if it is a file of the workspace (a fix's edit).
    pub fn set_text(&mut self, path: &str, text: String) {
        if let Some(file) = self.files.get_mut(path) {
            *file = text;
        }
    }

    /// Whether both hold the same files with the same texts, whichever is open: what the
    /// analysis depends on.
    pub fn same_files(&self, other: &Self) -> bool {
        self.files == other.files
    }

    /// Adds an empty file (or one with `text`) and opens it.
    pub fn add(&mut self, path: &str, text: String) -> Result<(), String> {
        let path = normalized(path)?;
        if self.files.contains_key(&path) {
            return Err(format!("{path} is already in the workspace"));
        }
        self.files.insert(path.clone(), text);
        self.open = path;
        Ok(())
    }

    /// Adds opened files, replacing those of the same path, and opens the first Dockerfile
    /// among them (else the first of them).
    pub fn import(&mut self, files: Vec<(String, String)>) -> Result<(), String> {
        let mut first = None;
        for (path, text) in files {
            let path = normalized(&path)?;
            let is_dockerfile = kind_of(&path) == Some(FileKind::Dockerfile);
            if first
                .as_ref()
                .is_none_or(|(_, dockerfile)| is_dockerfile && !dockerfile)
            {
                first = Some((path.clone(), is_dockerfile));
            }
            self.files.insert(path, text);
        }
        let (open, _) = first.ok_or("no file was read")?;
        self.open = open;
        Ok(())
    }

    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), String> {
        let to = normalized(to)?;
        if from == to {
            return Ok(());
        }
        if self.files.contains_key(&to) {
            return Err(format!("{to} is already in the workspace"));
        }
        let text = self
            .files
            .remove(from)
            .ok_or_else(|| format!("{from} is not in the workspace"))?;
        self.files.insert(to.clone(), text);
        if self.open == from {
            self.open = to;
        }
        Ok(())
    }

    /// Deletes a file; the last one stays (the editor always has a file).
    pub fn delete(&mut self, path: &str) -> Result<(), String> {
        if self.files.len() == 1 {
            return Err("the workspace keeps at least one file".into());
        }
        self.files
            .remove(path)
            .ok_or_else(|| format!("{path} is not in the workspace"))?;
        if self.open == path {
            self.open = self.files.keys().next().cloned().unwrap_or_default();
        }
        Ok(())
    }

    /// The files as the CLI reads a folder holding exactly them: each by the kind its name
    /// implies (a Dockerfile otherwise), each `plumb.lock` applying below its folder, each
    /// Dockerfile's build context its folder's files that its ignore file lets through.
    /// With `hashed`, each context also has its listing with every file's digest, which only
    /// a plan needs (hashing a large context on every keystroke would cost the analysis).
    pub fn workspace(&self, hashed: bool) -> Workspace {
        let mut workspace = Workspace::new();
        for (path, text) in &self.files {
            match kind_of(path) {
                Some(kind) => workspace.add_file(path.as_str(), kind, text.as_bytes().to_vec()),
                // A compose project's `.env` and `env_file`s are read, not checked.
                None => workspace.add_input(path.as_str(), text.as_bytes().to_vec()),
            }
            // A plumb.lock applies below its folder, as in the CLI.
            let name = path.rsplit('/').next().unwrap_or(path);
            if name == LOCK_FILE
                && let Ok(lock) = Lock::parse(text.as_bytes())
            {
                workspace.set_lock(BuildContext::directory_of(path), Some(lock));
            }
        }
        self.use_nearest_configs(&mut workspace);
        for path in self.files.keys() {
            if kind_of(path) != Some(FileKind::Dockerfile) {
                continue;
            }
            let mut context = workspace.build_context(path);
            let ignore = context
                .ignore_file
                .as_deref()
                .and_then(|ignore| self.files.get(ignore))
                .and_then(|text| Dockerignore::parse(text).ok().flatten());
            let prefix = if context.directory.is_empty() {
                String::new()
            } else {
                format!("{}/", context.directory)
            };
            let received: Vec<(&str, &[u8])> = self
                .files
                .iter()
                .filter_map(|(file, text)| Some((file.strip_prefix(&prefix)?, text.as_bytes())))
                .filter(|(relative, _)| {
                    ignore
                        .as_ref()
                        .is_none_or(|ignore| !ignore.matches_or_parent_matches(relative))
                })
                .collect();
            context.files = Some(std::sync::Arc::new(
                received
                    .iter()
                    .map(|(file, _)| (*file).to_owned())
                    .collect(),
            ));
            // A plan hashes the contents; the page has them all (none executable).
            if hashed {
                context.listing = Some(std::sync::Arc::new(listing_of_files(received)));
            }
            workspace.set_build_context(path, context);
        }
        // A compose build gives its Dockerfile the context it names instead.
        let in_memory = self
            .files
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_bytes()))
            .collect();
        add_compose_builds(&mut workspace, &mut FilesInMemory(in_memory));
        workspace
    }

    /// Gives each checked file the configuration the CLI would: the nearest plumb.toml (or
    /// .hadolint.yaml) in its folder or above. One that does not parse applies to nothing.
    fn use_nearest_configs(&self, workspace: &mut Workspace) {
        let valid: Vec<&str> = self
            .files
            .iter()
            .filter(|(path, _)| CONFIG_FILES.contains(&path.rsplit('/').next().unwrap_or(path)))
            .filter(|(path, text)| workspace.add_config(path.as_str(), text).is_ok())
            .map(|(path, _)| path.as_str())
            .collect();
        for path in self.files.keys().filter(|path| kind_of(path).is_some()) {
            let mut directory = BuildContext::directory_of(path);
            let nearest = loop {
                let found = CONFIG_FILES.iter().find_map(|name| {
                    let candidate = if directory.is_empty() {
                        (*name).to_owned()
                    } else {
                        format!("{directory}/{name}")
                    };
                    valid.contains(&candidate.as_str()).then_some(candidate)
                });
                if found.is_some() || directory.is_empty() {
                    break found;
                }
                directory = BuildContext::directory_of(directory);
            };
            if let Some(config) = nearest {
                let relative = match BuildContext::directory_of(&config) {
                    "" => path.as_str(),
                    folder => &path[folder.len() + 1..],
                };
                workspace.use_config(path, &config, relative);
            }
        }
    }

    /// The workspace as a tar archive, the same bytes for the same files: paths in order,
    /// every file dated 1970 and readable by all.
    pub fn archive(&self) -> Result<Vec<u8>, String> {
        let mut archive = tar::Builder::new(Vec::new());
        for (path, text) in &self.files {
            let mut header = tar::Header::new_ustar();
            header.set_size(text.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            archive
                .append_data(&mut header, path, text.as_bytes())
                .map_err(|error| format!("{path}: {error}"))?;
        }
        archive.into_inner().map_err(|error| error.to_string())
    }

    /// The fragment of a share link: the workspace as JSON, deflated, in URL-safe base64.
    pub fn share_fragment(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
        format!("{SHARE_PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
    }

    /// The workspace a share link's fragment carries (without its `#`).
    pub fn from_share_fragment(fragment: &str) -> Result<Self, String> {
        let encoded = fragment
            .strip_prefix(SHARE_PREFIX)
            .ok_or("the link carries no workspace")?;
        let deflated = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|error| format!("the link is damaged: {error}"))?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_SHARED_BYTES)
            .map_err(|_| "the link is damaged or its workspace is too large".to_owned())?;
        Self::from_json(&json)
    }

    /// Reads a workspace saved as JSON, checking what a hand-made one could get wrong.
    pub fn from_json(json: &[u8]) -> Result<Self, String> {
        let read: Self = serde_json::from_slice(json)
            .map_err(|error| format!("not a saved workspace: {error}"))?;
        let mut files = BTreeMap::new();
        for (path, text) in read.files {
            files.insert(normalized(&path)?, text);
        }
        let mut workspace = Self::new(files).ok_or("the workspace has no file")?;
        workspace.open(&read.open);
        Ok(workspace)
    }
}

/// The kind plumb gives a file by its name, as the CLI does when it searches a folder; other
/// files are only part of the build contexts.
pub fn kind_of(path: &str) -> Option<FileKind> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".dockerignore") {
        return Some(FileKind::Dockerignore);
    }
    FileKind::detect(path)
}

/// mkosi's script names (`mkosi.build`, `mkosi.postinst.chroot`…): shell scripts.
const MKOSI_SCRIPTS: [&str; 6] = [
    "sync",
    "prepare",
    "build",
    "postinst",
    "finalize",
    "postoutput",
];

/// The editor's syntax colouring for a file: `dockerfile`, `compose` (YAML), `mkosi` (INI),
/// `shell` or none.
pub fn syntax_of(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mkosi_script = name
        .strip_prefix("mkosi.")
        .is_some_and(|rest| MKOSI_SCRIPTS.contains(&rest.split('.').next().unwrap_or(rest)));
    if kind_of(path) == Some(FileKind::Dockerfile) {
        "dockerfile"
    } else if name.ends_with(".yml") || name.ends_with(".yaml") {
        "compose"
    } else if mkosi_script || name.ends_with(".sh") {
        "shell"
    } else if name.ends_with(".conf") {
        "mkosi"
    } else {
        ""
    }
}

/// A workspace path: relative, `/`-separated, without empty, `.` or `..` parts.
fn normalized(path: &str) -> Result<String, String> {
    let path = path.trim().replace('\\', "/");
    let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    if parts.is_empty() {
        return Err("a file needs a name".into());
    }
    if parts.iter().any(|part| matches!(*part, "." | "..")) {
        return Err(format!("{path}: `.` and `..` are not allowed in a path"));
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumb_core::analyze;

    fn workspace() -> WorkspaceFiles {
        WorkspaceFiles::new([
            (
                "Dockerfile".to_owned(),
                "FROM scratch\nCOPY app.js missing.js /\n".to_owned(),
            ),
            ("app.js".to_owned(), "console.log(1)\n".to_owned()),
        ])
        .unwrap()
    }

    #[test]
    fn add_rename_delete_keep_one_file_open() {
        let mut files = workspace();
        assert_eq!(files.open_path(), "Dockerfile");
        files.add("src//index.js", String::new()).unwrap();
        assert_eq!(files.open_path(), "src/index.js");
        assert!(files.add("src/index.js", String::new()).is_err());
        assert!(files.add("../x", String::new()).is_err());
        files.rename("src/index.js", "lib/index.js").unwrap();
        assert_eq!(files.open_path(), "lib/index.js");
        assert!(files.rename("lib/index.js", "app.js").is_err());
        files.delete("lib/index.js").unwrap();
        assert_eq!(files.open_path(), "Dockerfile");
        files.delete("app.js").unwrap();
        assert!(files.delete("Dockerfile").is_err(), "the last file stays");
    }

    #[test]
    fn opened_files_join_the_workspace_and_a_dockerfile_opens() {
        let mut files = workspace();
        files
            .import(vec![
                ("api/server.js".into(), "x".into()),
                ("api/Dockerfile".into(), "FROM scratch\n".into()),
                ("app.js".into(), "replaced".into()),
            ])
            .unwrap();
        assert_eq!(files.open_path(), "api/Dockerfile");
        assert_eq!(files.paths().count(), 4);
        files.open("app.js");
        assert_eq!(files.open_text(), "replaced");
        assert!(files.import(Vec::new()).is_err());
    }

    #[test]
    fn the_build_context_is_the_workspace_folder() {
        let analysis = analyze(&workspace().workspace(false));
        let missing: Vec<&str> = analysis
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code() == "DF032")
            .map(|diagnostic| diagnostic.message.as_str())
            .collect();
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(missing[0].contains("missing.js"), "{missing:?}");
    }

    #[test]
    fn the_ignore_file_takes_files_out_of_the_context() {
        let mut files = workspace();
        files.add(".dockerignore", "app.js\n".into()).unwrap();
        let analysis = analyze(&files.workspace(false));
        let codes: Vec<(&str, &str)> = analysis
            .diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.code(), diagnostic.message.as_str()))
            .collect();
        // As the CLI reports for the same folder.
        assert_eq!(
            codes,
            [
                (
                    "DF112",
                    "attempting to copy file \"app.js\" that is excluded by .dockerignore"
                ),
                (
                    "DF032",
                    "COPY source \"missing.js\" matches nothing in the Dockerfile's folder"
                ),
            ]
        );
    }

    #[test]
    fn a_plumb_lock_in_the_workspace_applies_below_its_folder() {
        use plumb_core::lock::LockedImage;
        let digest = format!("sha256:{}", "cd".repeat(32));
        let image = LockedImage {
            source: "registry".into(),
            digest: digest.clone(),
            media_type: "application/vnd.oci.image.manifest.v1+json".into(),
            platforms: Default::default(),
        };
        let lock = Lock::new([("registry.test/base:1".to_owned(), image)].into());
        let lock_text = String::from_utf8(lock.to_bytes().unwrap()).unwrap();
        let files = WorkspaceFiles::new([
            (
                "app/Dockerfile".to_owned(),
                "FROM registry.test/base:1\n".to_owned(),
            ),
            ("plumb.lock".to_owned(), lock_text),
        ])
        .unwrap();
        let analysis = analyze(&files.workspace(false));
        let pinned = analysis
            .diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code() == "DF201")
            .expect("the tag is still only a tag in the file");
        assert!(pinned.notes.iter().any(|note| note.contains(&digest)));
        assert_eq!(pinned.fixes.len(), 1, "the locked digest as a fix");
    }

    #[test]
    fn only_files_of_a_known_kind_are_analysed() {
        let files = WorkspaceFiles::new([
            (
                "mkosi.conf".to_owned(),
                "[Distribution]\nDistribution=debian\nMirror=https://snapshot.debian.org/archive/debian/20241201T000000Z\n\n[Output]\nFormat=directory\n\n[Content]\nSourceDateEpoch=0\nRemoveFiles=/var/cache/ldconfig/aux-cache,/var/log/alternatives.log\n".to_owned(),
            ),
            ("docker-compose.yml".to_owned(), "services: {}\n".to_owned()),
        ])
        .unwrap();
        assert!(analyze(&files.workspace(false)).diagnostics.is_empty());
        assert_eq!(syntax_of("mkosi.conf"), "mkosi");
        assert_eq!(syntax_of("docker-compose.yml"), "compose");
        assert_eq!(syntax_of("web/Dockerfile.dev"), "dockerfile");
        assert_eq!(syntax_of("mkosi.build"), "shell");
        assert_eq!(syntax_of("mkosi.postinst.chroot"), "shell");
        assert_eq!(syntax_of("server.js"), "");
    }

    #[test]
    fn the_archive_holds_every_file_the_same_way_each_time() {
        let files = workspace();
        let archive = files.archive().unwrap();
        assert_eq!(archive, files.archive().unwrap());
        let mut read = tar::Archive::new(archive.as_slice());
        let entries: Vec<(String, u64, u64)> = read
            .entries()
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                let header = entry.header();
                (
                    entry.path().unwrap().display().to_string(),
                    header.size().unwrap(),
                    header.mtime().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("Dockerfile".to_owned(), 38, 0),
                ("app.js".to_owned(), 15, 0),
            ]
        );
    }

    #[test]
    fn a_share_link_carries_the_workspace() {
        let mut files = workspace();
        files.open("app.js");
        let fragment = files.share_fragment();
        assert!(fragment.starts_with(SHARE_PREFIX));
        let encoded = &fragment[SHARE_PREFIX.len()..];
        assert!(!encoded.contains(['#', '&', '+', '/', '=']), "{encoded}");
        assert_eq!(
            WorkspaceFiles::from_share_fragment(&fragment).unwrap(),
            files
        );
        assert!(WorkspaceFiles::from_share_fragment("w=%%%").is_err());
        assert!(WorkspaceFiles::from_share_fragment("x").is_err());
    }
}
