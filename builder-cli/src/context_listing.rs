//! The files of a build context on disk, as BuildKit would send them: every file below the
//! context's directory that its ignore file does not exclude (moby's `MatchesOrParentMatches`,
//! through the core's matcher). The core checks COPY and ADD sources against the listing.

use plumb_core::dockerfile::dockerignore::Dockerignore;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// A context larger than this is not listed (its files stay unknown, so nothing is checked
/// against them): listing it would cost more than the check is worth on every run.
const MAX_FILES: usize = 20_000;

/// The files below `directory`, relative to it and `/`-separated, without those `ignore`
/// excludes; `None` when the directory cannot be read or holds more than [`MAX_FILES`].
pub fn list(directory: &Path, ignore: Option<&Dockerignore>) -> Option<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    walk(directory, "", ignore, &mut files).then_some(files)
}

/// Lists `directory` (at `relative` in the context) into `files`; false when it gives up.
fn walk(
    directory: &Path,
    relative: &str,
    ignore: Option<&Dockerignore>,
    files: &mut BTreeSet<String>,
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
        if file_type.is_dir() {
            // An excluded directory can still hold a file an exception (`!…`) brings back.
            let prune = excluded && ignore.is_some_and(|ignore| !ignore.has_exclusions());
            if !prune && !walk(&entry.path(), &path, ignore, files) {
                return false;
            }
        } else if !excluded {
            files.insert(path);
            if files.len() > MAX_FILES {
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
