//! The nearest file of one name in a directory or above it (`plumb.toml`, `plumb.lock`),
//! remembered per directory: the files of one folder, and folders side by side, ask once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct NearestFile {
    name: &'static str,
    /// Directory → the file that applies there, if any.
    by_directory: BTreeMap<PathBuf, Option<PathBuf>>,
}

impl NearestFile {
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            by_directory: BTreeMap::new(),
        }
    }

    /// The file in the (resolved) `directory` or the nearest above it.
    pub fn find(&mut self, directory: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_directory.get(directory) {
            return found.clone();
        }
        let candidate = directory.join(self.name);
        let found = if candidate.is_file() {
            Some(candidate)
        } else {
            directory.parent().and_then(|parent| self.find(parent))
        };
        self.by_directory
            .insert(directory.to_path_buf(), found.clone());
        found
    }
}
