//! `plumb lock`: resolve every image the Dockerfiles and compose services below a directory
//! pull, and every ADD download and Git source the Dockerfiles do not pin, and write
//! `plumb.lock` there; `--check` says whether the lock still pins exactly those references.

use crate::cli::LockArgs;
use crate::discover::{Request, load_for_plan};
use crate::file_replacement::write_replacing;
use crate::image_resolution::resolve;
use crate::source_resolution::{download, git_commit};
use crate::style::Style;
use anyhow::{Context as _, Result};
use plumb_core::analyze;
use plumb_core::lock::{ExternalReferences, LOCK_FILE, Lock, external_references};
use plumb_core::plan::is_named_context;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

pub fn run(arguments: &LockArgs) -> Result<ExitCode> {
    let mut references = named_references(&arguments.directory)?;
    let named_contexts: BTreeMap<String, ()> = arguments
        .build_contexts
        .iter()
        .map(|(name, _)| (name.clone(), ()))
        .collect();
    references
        .images
        .retain(|reference| !is_named_context(&named_contexts, reference));
    let path = arguments.directory.join(LOCK_FILE);
    if arguments.check {
        return check(&path, &references);
    }
    let style = Style::stderr();
    let mut images = BTreeMap::new();
    for reference in &references.images {
        let image = resolve(reference, arguments.source)?;
        eprintln!("{} {reference} {}", style.done("resolved"), image.digest);
        images.insert(reference.clone(), image);
    }
    let mut downloads = BTreeMap::new();
    for url in &references.downloads {
        let downloaded = download(url)?;
        eprintln!("{} {url} {}", style.done("downloaded"), downloaded.sha256);
        downloads.insert(url.clone(), downloaded);
    }
    let mut git = BTreeMap::new();
    for (source, fetched) in &references.git {
        let resolved = git_commit(&fetched.remote, fetched.reference.as_deref())?;
        eprintln!("{} {source} {}", style.done("resolved"), resolved.commit);
        git.insert(source.clone(), resolved);
    }
    let mut lock = Lock::with_sources(images, downloads, git);
    lock.source_date_epoch = Some(first_written(&path)?);
    let bytes = lock.to_bytes()?;
    write_replacing(&path, &bytes)?;
    eprintln!(
        "{} {} pinning {}",
        style.done("wrote"),
        path.display(),
        counted(&references)
    );
    Ok(ExitCode::SUCCESS)
}

/// "2 images, 1 download and 1 Git source", leaving out the kinds there are none of.
fn counted(references: &ExternalReferences) -> String {
    let plural = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let mut parts = vec![plural(references.images.len(), "image", "images")];
    if !references.downloads.is_empty() {
        parts.push(plural(references.downloads.len(), "download", "downloads"));
    }
    if !references.git.is_empty() {
        parts.push(plural(references.git.len(), "Git source", "Git sources"));
    }
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// When the lock at `path` was first written: the time the old lock recorded, or now. Plans
/// take it as their SOURCE_DATE_EPOCH when nothing more specific gives one, so it must not
/// move when the lock is written again.
fn first_written(path: &Path) -> Result<u64> {
    let recorded = std::fs::read(path)
        .ok()
        .and_then(|bytes| Lock::parse(&bytes).ok())
        .and_then(|lock| lock.source_date_epoch);
    match recorded {
        Some(time) => Ok(time),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .context("the clock is before 1970")?
            .as_secs()),
    }
}

/// The external references of every Dockerfile below `directory`.
fn named_references(directory: &Path) -> Result<ExternalReferences> {
    let paths = [directory.to_path_buf()];
    let request = Request {
        paths: &paths,
        ..Request::default()
    };
    // As `plumb plan` reads them: a file that could not be read may name images.
    let loaded = load_for_plan(&request)?;
    Ok(external_references(
        &loaded.workspace,
        &analyze(&loaded.workspace),
    ))
}

/// Exit 0 when the lock pins exactly `references`, else 1 with what changed.
fn check(path: &Path, references: &ExternalReferences) -> Result<ExitCode> {
    let style = Style::stderr();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "{}: {} is missing; `plumb lock` writes it",
                style.error("stale"),
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    let lock = Lock::parse(&bytes).with_context(|| path.display().to_string())?;
    let staleness = lock.staleness(&references.all());
    if staleness.is_fresh() {
        eprintln!(
            "{} pins the {} the Dockerfiles name",
            path.display(),
            counted(references)
        );
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{}: {} no longer pins what the Dockerfiles name; run `plumb lock`",
        style.error("stale"),
        path.display()
    );
    for added in &staleness.added {
        eprintln!("  named now, not locked: {added}");
    }
    for removed in &staleness.removed {
        eprintln!("  locked, no longer named: {removed}");
    }
    Ok(ExitCode::from(1))
}
