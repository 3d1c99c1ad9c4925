//! Turning command-line paths into a workspace: which files to check, their bytes, and the
//! `plumb.toml` that applies to each (the nearest one in the file's directory or above).
//! A path that cannot be read is a [`Problem`]: it is reported, and the others are checked.

use crate::context_listing;
use crate::lock_finder::LockFinder;
use crate::nearest_file::NearestFile;
use crate::parallel;
use anyhow::{Context, Result, bail};
use plumb_core::build_context::{BuildContext, ContextFiles};
use plumb_core::config::ConfigError;
use plumb_core::dockerfile::dockerignore::Dockerignore;
use plumb_core::{FileKind, Workspace};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const CONFIG_FILE: &str = "plumb.toml";
/// The configuration files looked for above each file: plumb's own, then hadolint's (for
/// hadolint users), the first a folder has applying.
pub use plumb_core::config::CONFIG_FILES;

/// A config file that could not be used: where it is, its text, and what is wrong.
#[derive(Debug)]
pub struct InvalidConfig {
    pub path: String,
    pub text: String,
    pub error: ConfigError,
}

/// A path that could not be checked (missing, unreadable, binary, a device), and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}

impl Problem {
    fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            reason: reason.into(),
        }
    }

    fn io(path: impl Into<String>, error: &io::Error) -> Self {
        Self::new(path, describe(error))
    }
}

/// As command-line tools report a file they cannot read: `plumb: <path>: <reason>`.
impl fmt::Display for Problem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "plumb: {}: {}", self.path, self.reason)
    }
}

/// An I/O error as a reason: the system's message in lower case, without the error number.
fn describe(error: &io::Error) -> String {
    let text = error.to_string();
    let text = text
        .rfind(" (os error ")
        .map_or(text.as_str(), |end| &text[..end]);
    let mut characters = text.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(characters).collect()
    })
}

/// A loaded workspace, where each of its checked files lives on disk, and the paths that
/// could not be checked.
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    /// Display path → real path, for writing fixes back (`None` for standard input).
    pub real_paths: BTreeMap<String, Option<PathBuf>>,
    /// In path order.
    pub problems: Vec<Problem>,
}

/// What the command line asks to load.
#[derive(Debug, Default)]
pub struct Request<'a> {
    /// Files and directories (the current directory when empty).
    pub paths: &'a [PathBuf],
    /// What every file named in `paths` is read as, whatever its name (`--kind`).
    pub kind: Option<FileKind>,
    /// Where standard input (`-` in `paths`) is taken to be (`--stdin-filename`): the path it
    /// is shown under, its kind when `kind` is not given, and the folder its `plumb.toml`
    /// and `.dockerignore` are found from. Standard input is shown as `-` from the current
    /// directory otherwise.
    pub stdin_filename: Option<&'a Path>,
    /// The `plumb.toml` for every file (`--config`), instead of the nearest one above each.
    pub config: Option<&'a Path>,
    /// Give each Dockerfile the nearest `plumb.lock` above it (not for `plumb lock`, which
    /// writes it and must not stop at an old one it cannot read).
    pub with_locks: bool,
}

/// The path that stands for standard input.
pub const STDIN: &str = "-";

impl Request<'_> {
    /// Whether standard input is read: `-` is among the paths, or no path is given but
    /// `--stdin-filename` is (as ruff does).
    pub fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|path| path.as_os_str() == STDIN)
            || self.paths.is_empty() && self.stdin_filename.is_some()
    }
}

/// The workspace as `plumb lock` and `plumb plan` read it: an invalid configuration or a
/// file that could not be read is an error (what it names would be missing), and compose
/// interpolates from `.env` only, never the shell's environment, so that the lock and the
/// plan depend on the files alone.
pub fn load_for_plan(request: &Request) -> Result<Loaded> {
    let mut loaded = match load_workspace(request)? {
        Ok(loaded) => loaded,
        Err(invalid) => bail!("{}: {}", invalid.path, invalid.error),
    };
    if let Some(problem) = loaded.problems.first() {
        bail!("{}: {}", problem.path, problem.reason);
    }
    loaded.workspace.options.environment.clear();
    Ok(loaded)
}

/// Loads the files the request names, and those found below the directories it names,
/// into a workspace.
pub fn load_workspace(request: &Request) -> Result<std::result::Result<Loaded, InvalidConfig>> {
    if request.stdin_filename.is_some() && !request.reads_stdin() {
        bail!("--stdin-filename names standard input: give `-` among the paths");
    }
    let default = [PathBuf::from(".")];
    let paths = if request.paths.is_empty() && !request.reads_stdin() {
        &default[..]
    } else {
        request.paths
    };
    let named: Vec<Found> = paths
        .iter()
        .filter(|path| path.as_os_str() != STDIN)
        .map(|path| named_file(path, request.kind))
        .collect();
    let mut problems = Vec::new();
    let mut files = read_all(named, &mut problems);
    // Standard input is read once, on this thread, and replaces a file shown under its name.
    let stdin = request.reads_stdin().then(|| {
        let found = named_file(
            request.stdin_filename.unwrap_or(Path::new(STDIN)),
            request.kind,
        );
        let mut bytes = Vec::new();
        match io::stdin().lock().read_to_end(&mut bytes) {
            Ok(_) => {
                files.retain(|(other, _)| other.display != found.display);
                files.push((found.clone(), bytes));
            }
            Err(error) => problems.push(Problem::io(found.display.clone(), &error)),
        }
        found.display
    });

    // Many files share a few folders: learn each folder once, on every core.
    let folders: Vec<PathBuf> = files
        .iter()
        .map(|(found, _)| folder_of(&found.path))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(Path::to_path_buf)
        .collect();
    let read = parallel::map_each(&folders, |folder| Folder::read(folder));
    let folders: BTreeMap<PathBuf, Folder> = folders.into_iter().zip(read).collect();

    let mut workspace = Workspace::new();
    let mut real_paths = BTreeMap::new();
    let mut settings = Settings {
        with_locks: request.with_locks,
        ..Settings::default()
    };
    let mut listings = Listings::default();
    if let Some(config) = request.config {
        // Read first: a config that cannot be used is a usage error, files or not.
        let real = std::fs::canonicalize(config)
            .and_then(|real| std::fs::read_to_string(&real).map(|text| (real, text)));
        let (real, text) = real.with_context(|| format!("cannot read {}", config.display()))?;
        let shown = display_path(config);
        if let Err(error) = workspace.add_config(shown.clone(), &text) {
            return Ok(Err(InvalidConfig {
                path: shown,
                text,
                error,
            }));
        }
        settings.configs.added.insert(real.clone(), shown);
        settings.configs.given = Some(real);
    }
    for (
        Found {
            display,
            path,
            kind,
        },
        contents,
    ) in files
    {
        if looks_binary(&contents) {
            let reason = format!("is a binary file, not a {}", kind_name(kind));
            problems.push(Problem::new(display, reason));
            continue;
        }
        let folder = &folders[folder_of(&path)];
        let is_stdin = stdin.as_ref() == Some(&display);
        // Without its real folder, the file's plumb.toml cannot be found. Standard input
        // may be named after a file not yet on disk: its folder is taken as written.
        let resolved = match (&folder.resolved, is_stdin) {
            (Ok(resolved), _) => resolved.clone(),
            (Err(_), true) => std::path::absolute(folder_of(&path))
                .with_context(|| format!("cannot resolve {}", path.display()))?,
            (Err(error), false) => {
                let reason = format!("cannot resolve its folder: {}", describe(error));
                problems.push(Problem::new(display, reason));
                continue;
            }
        };
        workspace.add_file(display.clone(), kind, contents);
        add_dockerignores(&mut workspace, folder, &display, &path, &mut problems);
        if kind == FileKind::Dockerfile && !is_stdin {
            let context = listings.context_of(&workspace, &display, folder_of(&path));
            workspace.set_build_context(&display, context);
        }
        let file = PlacedFile {
            display: &display,
            kind,
            real_folder: &resolved,
            path: &path,
        };
        if let Err(invalid) = settings.attach(&mut workspace, &file, &mut problems)? {
            return Ok(Err(invalid));
        }
        real_paths.insert(display, (!is_stdin).then_some(path));
    }
    crate::compose_workspace::add_compose_inputs(&mut workspace);
    for (display, path) in crate::compose_workspace::add_compose_builds(&mut workspace) {
        // The Dockerfile a compose build names, found through the compose file: its folder
        // exists, as the file was read from it.
        let real_folder = std::fs::canonicalize(folder_of(&path))
            .with_context(|| format!("cannot resolve {}", path.display()))?;
        let placed = PlacedFile {
            display: &display,
            kind: FileKind::Dockerfile,
            real_folder: &real_folder,
            path: &path,
        };
        if let Err(invalid) = settings.attach(&mut workspace, &placed, &mut problems)? {
            return Ok(Err(invalid));
        }
        real_paths.insert(display, Some(path));
    }
    problems.sort();
    problems.dedup();
    Ok(Ok(Loaded {
        workspace,
        real_paths,
        problems,
    }))
}

/// A file of the workspace: the path it is shown under, its kind, its folder with links
/// resolved (settings are searched above it) and where it is.
#[derive(Clone, Copy)]
struct PlacedFile<'a> {
    display: &'a str,
    kind: FileKind,
    real_folder: &'a Path,
    path: &'a Path,
}

/// The settings each file gets from the files above it: its `plumb.toml` (or
/// `.hadolint.yaml`) and, for a Dockerfile, its `plumb.lock`.
#[derive(Default)]
struct Settings {
    configs: ConfigFinder,
    locks: LockFinder,
    unreadable_locks: BTreeSet<PathBuf>,
    with_locks: bool,
}

impl Settings {
    /// Gives the file its configuration and lock.
    fn attach(
        &mut self,
        workspace: &mut Workspace,
        file: &PlacedFile,
        problems: &mut Vec<Problem>,
    ) -> Result<std::result::Result<(), InvalidConfig>> {
        let PlacedFile {
            display,
            kind,
            real_folder: resolved,
            path,
        } = *file;
        let file_name = path.file_name().unwrap_or_default();
        let locked = matches!(kind, FileKind::Dockerfile | FileKind::Compose);
        if locked && self.with_locks {
            // The workspace gets the lock at its own folder when that is shown below the
            // current directory (so the plan names the right file), else at the file's
            // folder; no lock is said there too: the names of folders shown (`../other`) are
            // not where the core could look further up.
            let found = self
                .locks
                .lock_for(resolved)
                .unwrap_or_else(|(lock, reason)| {
                    // Said once per lock, not once per Dockerfile below it.
                    if self.unreadable_locks.insert(lock.clone()) {
                        let shown = shown_from_current_directory(&lock);
                        problems.push(Problem::new(shown, reason));
                    }
                    None
                });
            let folder = BuildContext::directory_of(display);
            match found {
                Some((lock, path)) => {
                    let shown = shown_from_current_directory(&path);
                    let directory = BuildContext::directory_of(&shown);
                    let inside = Path::new(&shown).is_relative()
                        && !shown.starts_with("../")
                        && folder.starts_with(directory);
                    workspace.set_lock(if inside { directory } else { folder }, Some(lock));
                }
                None => workspace.set_lock(folder, None),
            }
        }
        if let Some((config_path, relative)) = self.configs.nearest(resolved, file_name) {
            if !self.configs.added.contains_key(&config_path) {
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
                self.configs.added.insert(config_path.clone(), shown);
            }
            workspace.use_config(display, &self.configs.added[&config_path], relative);
        }
        Ok(Ok(()))
    }
}

/// The build contexts listed so far, by directory and ignore file: Dockerfiles of one folder
/// share theirs.
#[derive(Default)]
struct Listings {
    listed: BTreeMap<(PathBuf, Option<String>), Option<ContextFiles>>,
}

impl Listings {
    /// The build context of the Dockerfile shown as `display`, in `directory` on disk: its
    /// folder, with the files BuildKit would receive from it.
    fn context_of(
        &mut self,
        workspace: &Workspace,
        display: &str,
        directory: &Path,
    ) -> BuildContext {
        let mut context = workspace.build_context(display);
        let key = (directory.to_path_buf(), context.ignore_file.clone());
        context.files = self
            .listed
            .entry(key)
            .or_insert_with(|| {
                let ignore_text = context
                    .ignore_file
                    .as_deref()
                    .and_then(|ignore| workspace.text(ignore));
                let ignore = ignore_text.and_then(|text| Dockerignore::parse(&text).ok().flatten());
                context_listing::list(directory, ignore.as_ref()).map(Arc::new)
            })
            .clone();
        context
    }
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// What the checked files of one folder share.
struct Folder {
    /// Where the folder really is (links resolved): `plumb.toml` is searched above it.
    resolved: std::io::Result<PathBuf>,
    /// The names of the `*.dockerignore` files in it.
    ignore_files: BTreeSet<String>,
}

impl Folder {
    fn read(path: &Path) -> Self {
        let ignore_files = std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok())
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".dockerignore"))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            resolved: std::fs::canonicalize(path),
            ignore_files,
        }
    }
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Dockerignore => ".dockerignore",
        FileKind::Compose => "compose file",
        FileKind::AppCompose => "app-compose.json",
        FileKind::Mkosi => "mkosi configuration",
        FileKind::MkosiScript => "mkosi script",
    }
}

/// Adds the ignore files BuildKit would read for the Dockerfile (its context being the
/// Dockerfile's folder): `<name>.dockerignore` beside it and `.dockerignore`. One that cannot
/// be read is a problem; the Dockerfile is checked without it.
fn add_dockerignores(
    workspace: &mut Workspace,
    folder: &Folder,
    display: &str,
    path: &Path,
    problems: &mut Vec<Problem>,
) {
    let display_directory = display.rfind('/').map_or("", |slash| &display[..=slash]);
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
        if folder.ignore_files.contains(&name) && !workspace.contains(&shown) {
            let real = folder_of(path).join(&name);
            match std::fs::read(&real) {
                Ok(contents) => workspace.add_file(shown, FileKind::Dockerignore, contents),
                Err(error) => problems.push(Problem::io(shown, &error)),
            }
        }
    }
}

/// A file to check: the path it is shown under, where it is, and what it is read as.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    display: String,
    path: PathBuf,
    kind: FileKind,
}

/// A path named on the command line. Whether it is a file or a directory is learnt when
/// reading it, on every core (one system call per path adds up with many paths). A file is
/// read as `forced`, else as its name implies, else as a Dockerfile: naming a file is asking
/// for it to be checked, whatever its name (`app.dockerfile`, `Dockerfile-dev`).
fn named_file(path: &Path, forced: Option<FileKind>) -> Found {
    let display = display_path(path);
    let kind = forced
        .or_else(|| FileKind::detect(&display))
        .or_else(|| named_compose_file(path))
        .or_else(|| named_mkosi_file(path))
        .unwrap_or(FileKind::Dockerfile);
    Found {
        display,
        path: path.to_path_buf(),
        kind,
    }
}

/// A YAML file named on the command line is a compose file when it reads as one (a
/// mapping with `services` or `include`), whatever its name (`stack.yml`).
fn named_compose_file(path: &Path) -> Option<FileKind> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    if extension != "yaml" && extension != "yml" {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    plumb_core::compose::format::looks_like_compose(&text).then_some(FileKind::Compose)
}

/// A `.conf` file named on the command line is mkosi configuration when it starts with a
/// section mkosi reads (`[Distribution]`), whatever its name.
fn named_mkosi_file(path: &Path) -> Option<FileKind> {
    if path.extension()? != "conf" {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    plumb_core::mkosi::format::looks_like_mkosi(&text).then_some(FileKind::Mkosi)
}

/// Adds the Dockerfiles and compose files found below the directory `path` to `files`;
/// finding none is a problem.
fn search(path: &Path, files: &mut Vec<Found>, problems: &mut Vec<Problem>) {
    let (files_before, problems_before) = (files.len(), problems.len());
    walk(path, files, problems);
    if files.len() == files_before && problems.len() == problems_before {
        problems.push(Problem::new(
            display_path(path),
            "no Dockerfiles, compose files or mkosi configuration found in this directory",
        ));
    }
}

/// What reading a path found.
enum Contents {
    Bytes(Vec<u8>),
    /// A directory: it is searched for the files plumb checks.
    Directory,
}

/// Reads a path named on the command line or found by search (search only finds regular
/// files). A named pipe is read to its end, as `cat` would: that is what naming one asks for
/// (`plumb check <(generate)`, `/dev/stdin` fed by a pipe). A device is refused rather than
/// read: asking before opening keeps a terminal or `/dev/zero` from blocking or never
/// ending.
fn read_contents(path: &Path) -> Result<Contents, String> {
    let metadata = std::fs::metadata(path).map_err(|error| describe(&error))?;
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        Ok(Contents::Directory)
    } else if file_type.is_file() || is_fifo(file_type) {
        std::fs::read(path)
            .map(Contents::Bytes)
            .map_err(|error| describe(&error))
    } else {
        Err(special_file_reason(file_type).to_owned())
    }
}

#[cfg(unix)]
fn is_fifo(file_type: std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&file_type)
}

#[cfg(not(unix))]
fn is_fifo(_: std::fs::FileType) -> bool {
    false
}

/// Why a path that is neither a file, a directory nor a pipe is not read.
#[cfg(unix)]
fn special_file_reason(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_char_device() {
        // /dev/stdin is one when standard input is a terminal.
        "is a character device; use `-` to read standard input"
    } else if file_type.is_block_device() {
        "is a block device, not a file"
    } else if file_type.is_socket() {
        "is a socket, not a file"
    } else {
        "is not a regular file"
    }
}

#[cfg(not(unix))]
fn special_file_reason(_: std::fs::FileType) -> &'static str {
    "is not a regular file"
}

/// Every file's bytes, in path order without repeats, read on every core: with many files
/// the system calls dominate. Paths that cannot be read go to `problems`.
fn read_all(mut files: Vec<Found>, problems: &mut Vec<Problem>) -> Vec<(Found, Vec<u8>)> {
    let mut read = Vec::new();
    while !files.is_empty() {
        files.sort();
        files.dedup();
        let contents = parallel::map_each(&files, |found| read_contents(&found.path));
        let mut directories = Vec::new();
        for (found, contents) in files.into_iter().zip(contents) {
            match contents {
                Ok(Contents::Bytes(bytes)) => read.push((found, bytes)),
                Ok(Contents::Directory) => directories.push(found.path),
                Err(reason) => problems.push(Problem::new(found.display, reason)),
            }
        }
        files = Vec::new();
        for directory in directories {
            search(&directory, &mut files, problems);
        }
    }
    read.sort_by(|(left, _), (right, _)| left.cmp(right));
    read.dedup_by(|(left, _), (right, _)| left == right);
    read
}

/// Directories plumb never searches: version control, build output, dependencies.
fn is_skipped_directory(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
        || matches!(name, "target" | "node_modules")
}

/// Adds the files below `directory` that search finds to `files`; a folder or entry that
/// cannot be read is a problem, and the walk goes on.
fn walk(directory: &Path, files: &mut Vec<Found>, problems: &mut Vec<Problem>) {
    let entries =
        std::fs::read_dir(directory).and_then(|entries| entries.collect::<io::Result<Vec<_>>>());
    let mut entries = match entries {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(Problem::io(display_path(directory), &error));
            return;
        }
    };
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                problems.push(Problem::io(display_path(&path), &error));
                continue;
            }
        };
        if file_type.is_dir() {
            if !is_skipped_directory(&name) {
                walk(&path, files, problems);
            }
        } else if let Some(kind) = searched_kind(&name).or_else(|| {
            // mkosi's files by their exact names and folders, as mkosi finds them.
            FileKind::detect(&display_path(&path))
                .filter(|kind| matches!(kind, FileKind::Mkosi | FileKind::MkosiScript))
        }) && (file_type.is_file() || path.is_file())
        {
            files.push(Found {
                display: display_path(&path),
                path,
                kind,
            });
        }
    }
}

/// The words a searched file's name is recognised by, in lower case.
const SEARCHED_NAMES: [&str; 2] = ["dockerfile", "containerfile"];

/// Extensions that say a file named like a Dockerfile is something else: ignore files,
/// documentation, data, source code (BuildKit's own `dockerfile.go`), archives and images,
/// and what editors and patch tools leave behind.
#[rustfmt::skip]
const OTHER_EXTENSIONS: &[&str] = &[
    "dockerignore",
    "md", "markdown", "rst", "adoc", "txt", "html", "htm", "pdf",
    "json", "yaml", "yml", "toml", "xml", "csv",
    "rs", "go", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "rb", "java", "kt", "c", "h",
    "cc", "cpp", "hpp", "cs", "php", "pl", "lua", "swift", "scala",
    "sh", "bash", "zsh", "fish", "ps1", "bat", "cmd",
    "zip", "gz", "tgz", "tar", "xz", "bz2", "zst", "png", "jpg", "jpeg", "gif", "svg",
    "orig", "rej", "bak", "swp", "swo", "tmp",
];

/// What directory search reads a file named `name` as. Names are compared in any letter
/// case: `Dockerfile` and `Containerfile` alone, followed by `.`, `-` or `_` and more
/// (`Dockerfile.dev`, `containerfile-ci`, `DOCKERFILE_prod`), or after a stem and a dot
/// (`app.dockerfile`, `web.Containerfile`); except when the name's extension says it is
/// something else (`dockerfile.go`, `Dockerfile.md`, `app.dockerfile.dockerignore`) or it
/// is a backup (`Dockerfile~`). Hidden files (`.dockerfile`) are not searched.
fn searched_kind(name: &str) -> Option<FileKind> {
    let lower = name.to_ascii_lowercase();
    let is_other = || {
        lower.ends_with('~')
            || lower
                .rsplit_once('.')
                .is_some_and(|(_, extension)| OTHER_EXTENSIONS.contains(&extension))
    };
    let named = SEARCHED_NAMES.iter().any(|word| {
        lower == *word
            || lower.strip_prefix(word).is_some_and(|rest| {
                rest.len() > 1 && rest.starts_with(['.', '-', '_']) && !is_other()
            })
            || lower
                .strip_suffix(word)
                .and_then(|stem| stem.strip_suffix('.'))
                .is_some_and(|stem| !stem.is_empty() && !stem.starts_with('.'))
    });
    if named {
        Some(FileKind::Dockerfile)
    } else if plumb_core::dstack::app_compose_format::is_app_compose_name(name) {
        Some(FileKind::AppCompose)
    } else {
        plumb_core::compose::format::is_compose_name(name).then_some(FileKind::Compose)
    }
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

/// Finds the nearest `plumb.toml` (or `.hadolint.yaml`) above each file, remembering what it
/// found.
struct ConfigFinder {
    /// The config named on the command line: it applies everywhere.
    given: Option<PathBuf>,
    nearest: NearestFile,
    /// Real config path → the path it was added to the workspace under.
    added: BTreeMap<PathBuf, String>,
}

impl Default for ConfigFinder {
    fn default() -> Self {
        Self {
            given: None,
            nearest: NearestFile::new(CONFIG_FILES),
            added: BTreeMap::new(),
        }
    }
}

impl ConfigFinder {
    /// The config for the file `file_name` in the (resolved) `directory`, and the file's path
    /// relative to the config's directory.
    fn nearest(&mut self, directory: &Path, file_name: &OsStr) -> Option<(PathBuf, String)> {
        let config = match &self.given {
            Some(given) => given.clone(),
            None => self.nearest.find(directory)?,
        };
        let config_directory = config.parent().unwrap_or(Path::new("/"));
        let relative = directory
            .join(file_name)
            .strip_prefix(config_directory)
            .map(|relative| relative.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Some((config, relative))
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
    fn searches_dockerfile_names_in_any_letter_case() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "CONTAINERFILE",
            "Dockerfile.dev",
            "Containerfile.dev",
            "Dockerfile-dev",
            "dockerfile_prod",
            "Dockerfile.prod.j2",
            "app.Dockerfile",
            "app.DOCKERFILE",
            "web.containerfile",
            "a.b.Dockerfile",
        ] {
            assert_eq!(searched_kind(name), Some(FileKind::Dockerfile), "{name}");
        }
        for name in [
            "Dockerfile.",
            "Dockerfile-",
            ".Dockerfile",
            ".dockerfile",
            "..dockerfile",
            "MyDockerfile",
            "Dockerfiles",
            "dockerfile.go",
            "dockerfile_test.go",
            "Dockerfile.md",
            "Dockerfile.dockerignore",
            "app.Dockerfile.dockerignore",
            "Dockerfile.orig",
            "Dockerfile~",
            "values.yaml",
        ] {
            assert_eq!(searched_kind(name), None, "{name}");
        }
        for name in [
            "compose.yaml",
            "docker-compose.yml",
            "compose.override.yaml",
            "app.compose.yaml",
            "docker-compose.prod.yml",
        ] {
            assert_eq!(searched_kind(name), Some(FileKind::Compose), "{name}");
        }
    }

    #[test]
    fn skips_hidden_and_build_directories() {
        assert!(is_skipped_directory(".git"));
        assert!(is_skipped_directory("node_modules"));
        assert!(!is_skipped_directory("services"));
    }
}
