//! The nearest file of some names in a directory or above it (`plumb.toml` or
//! `.hadolint.yaml`, `plumb.lock`), remembered per directory: the files of one folder, and
//! folders side by side, ask once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct NearestFile {
    /// The names looked for, the preferred first: a directory's first one that exists wins.
    names: &'static [&'static str],
    /// Directory → the file that applies there, if any.
    by_directory: BTreeMap<PathBuf, Option<PathBuf>>,
}

impl NearestFile {
    pub fn new(names: &'static [&'static str]) -> Self {
        Self {
            names,
            by_directory: BTreeMap::new(),
        }
    }

    /// The file in the (resolved) `directory` or the nearest above it.
    pub fn find(&mut self, directory: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_directory.get(directory) {
            return found.clone();
        }
        let candidate = self
            .names
            .iter()
            .map(|name| directory.join(name))
            .find(|candidate| candidate.is_file());
        let found = match candidate {
            Some(candidate) => Some(candidate),
            None => directory.parent().and_then(|parent| self.find(parent)),
        };
        self.by_directory
            .insert(directory.to_path_buf(), found.clone());
        found
    }
}
