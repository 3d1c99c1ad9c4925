//! The files of a build context on disk, as BuildKit would send them: every file below the
//! context's directory that its ignore file does not exclude (moby's `MatchesOrParentMatches`,
//! through the core's matcher). The core checks COPY and ADD sources against the names
//! (`list`), and a plan hashes the entries with their contents (`entries`).

use crate::parallel::map_runs;
use plumb_core::context_tree::{ContextEntry, EntryKind};
use plumb_core::digest;
use plumb_core::dockerfile::dockerignore::Dockerignore;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

/// A context larger than this is not listed for checks (its files stay unknown, so nothing
/// is checked against them): listing it would cost more than the check is worth on every
/// run. Plans list every entry, however many.
const MAX_FILES: usize = 20_000;

/// The files below `directory`, relative to it and `/`-separated, without those `ignore`
/// excludes; `None` when the directory cannot be read or holds more than [`MAX_FILES`].
pub fn list(directory: &Path, ignore: Option<&Dockerignore>) -> Option<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    let complete = walk(directory, "", ignore, &mut |entry| {
        if !entry.file_type.is_dir() {
            files.insert(entry.relative.to_owned());
        }
        files.len() <= MAX_FILES
    });
    complete.then_some(files)
}

/// Every entry the builder receives, with what a plan hashes of it: each file's content
/// digest and owner-executable bit, each link's target, each directory that is not
/// excluded. The walk is one thread's; reading and hashing the files is split over the cores.
pub fn entries(directory: &Path, ignore: Option<&Dockerignore>) -> io::Result<Vec<ContextEntry>> {
    let mut found = Vec::new();
    let complete = walk(directory, "", ignore, &mut |entry| {
        found.push((
            entry.path.to_owned(),
            entry.relative.to_owned(),
            entry.file_type,
        ));
        true
    });
    if !complete {
        return Err(io::Error::other(format!(
            "cannot read all of {}",
            directory.display()
        )));
    }
    let described = map_runs(&found, |run| {
        run.iter()
            .map(|(path, relative, file_type)| {
                Ok(ContextEntry {
                    path: relative.clone(),
                    kind: describe(path, *file_type)?,
                })
            })
            .collect::<io::Result<Vec<_>>>()
    });
    let mut entries = Vec::with_capacity(found.len());
    for run in described {
        entries.extend(run?);
    }
    Ok(entries)
}

fn describe(path: &Path, file_type: fs::FileType) -> io::Result<EntryKind> {
    if file_type.is_dir() {
        Ok(EntryKind::Directory)
    } else if file_type.is_symlink() {
        let target = fs::read_link(path)?;
        Ok(EntryKind::Symlink {
            target: target.to_string_lossy().into_owned(),
        })
    } else {
        let file = fs::File::open(path)?;
        let mode = file.metadata()?.permissions().mode();
        let (sha256, _) = digest::sha256_of_reader(&file)?;
        Ok(EntryKind::File {
            sha256,
            executable: mode & 0o100 != 0,
        })
    }
}

/// One entry the walk lets through.
struct Entry<'a> {
    path: &'a Path,
    /// Relative to the context, `/`-separated.
    relative: &'a str,
    file_type: fs::FileType,
}

/// Visits every entry below `directory` (at `relative` in the context) that `ignore` lets
/// through, directories before what they hold; false when it cannot read one or `visit`
/// says stop.
fn walk(
    directory: &Path,
    relative: &str,
    ignore: Option<&Dockerignore>,
    visit: &mut dyn FnMut(Entry<'_>) -> bool,
) -> bool {
    let Ok(entries) = fs::read_dir(directory) else {
        return false;
    };
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if relative.is_empty() {
            name
        } else {
            format!("{relative}/{name}")
        };
        let excluded = ignore.is_some_and(|ignore| ignore.matches_or_parent_matches(&path));
        let Ok(file_type) = entry.file_type() else {
            return false;
        };
        let real_path = entry.path();
        if !excluded
            && !visit(Entry {
                path: &real_path,
                relative: &path,
                file_type,
            })
        {
            return false;
        }
        if file_type.is_dir() {
            // An excluded directory can still hold a file an exception (`!…`) brings back.
            let prune = excluded && ignore.is_some_and(|ignore| !ignore.has_exclusions());
            if !prune && !walk(&real_path, &path, ignore, visit) {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_what_the_ignore_file_lets_through() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        for file in [
            "package.json",
            "src/index.js",
            "node_modules/x/index.js",
            "docs/keep.md",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let all = list(root, None).unwrap();
        assert_eq!(all.len(), 4);
        let ignore = Dockerignore::parse("node_modules\ndocs\n!docs/keep.md\n").unwrap();
        let listed: Vec<String> = list(root, ignore.as_ref()).unwrap().into_iter().collect();
        assert_eq!(listed, ["docs/keep.md", "package.json", "src/index.js"]);
        assert_eq!(list(&root.join("missing"), None), None);
    }
}
