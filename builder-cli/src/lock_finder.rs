//! The `plumb.lock` that applies to each Dockerfile and compose file: the nearest above its
//! folder, read once per lock file.

use crate::nearest_file::NearestFile;
use plumb_core::lock::{LOCK_FILE, Lock};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct LockFinder {
    nearest: NearestFile,
    /// Real lock path → what reading it gave.
    read: BTreeMap<PathBuf, Result<Lock, String>>,
}

impl Default for LockFinder {
    fn default() -> Self {
        Self {
            nearest: NearestFile::new(&[LOCK_FILE]),
            read: BTreeMap::new(),
        }
    }
}

impl LockFinder {
    /// The lock for a file in the (resolved) `directory`, with its path; `Err` holds the
    /// lock's path and why it cannot be read.
    pub fn lock_for(
        &mut self,
        directory: &Path,
    ) -> Result<Option<(Lock, PathBuf)>, (PathBuf, String)> {
        let Some(path) = self.nearest.find(directory) else {
            return Ok(None);
        };
        let read = self.read.entry(path.clone()).or_insert_with(|| {
            let bytes = std::fs::read(&path).map_err(|error| error.to_string())?;
            Lock::parse(&bytes).map_err(|error| error.to_string())
        });
        match read {
            Ok(lock) => Ok(Some((lock.clone(), path))),
            Err(reason) => Err((path, reason.clone())),
        }
    }
}
