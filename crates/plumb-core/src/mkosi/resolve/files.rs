//! The files a tree is resolved from. The CLI reads them from disk; the browser and the
//! tests hold them in memory. Paths are absolute and `/`-separated.

use std::collections::BTreeMap;

/// What resolution may ask of the file system.
pub trait TreeFiles {
    /// A file's text, if it is a readable file.
    fn read(&self, path: &str) -> Option<String>;
    fn is_file(&self, path: &str) -> bool;
    fn is_directory(&self, path: &str) -> bool;
    /// The names of a directory's entries, in any order.
    fn entries(&self, path: &str) -> Vec<String>;

    fn exists(&self, path: &str) -> bool {
        self.is_file(path) || self.is_directory(path)
    }
}

/// Files held in memory, by absolute path; directories are implied by them.
#[derive(Debug, Default, Clone)]
pub struct MemoryFiles {
    files: BTreeMap<String, String>,
}

impl MemoryFiles {
    pub fn new(files: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            files: files.into_iter().collect(),
        }
    }

    fn children<'a>(&'a self, path: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        let prefix = if path.ends_with('/') {
            path.to_owned()
        } else {
            format!("{path}/")
        };
        let length = prefix.len();
        self.files
            .range(prefix.clone()..)
            .map(|(file, _)| file.as_str())
            .take_while(move |file| file.starts_with(&prefix))
            .map(move |file| {
                let rest = &file[length..];
                rest.split('/').next().unwrap_or(rest)
            })
    }
}

impl TreeFiles for MemoryFiles {
    fn read(&self, path: &str) -> Option<String> {
        self.files.get(path).cloned()
    }

    fn is_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn is_directory(&self, path: &str) -> bool {
        path == "/" || self.children(path).next().is_some()
    }

    fn entries(&self, path: &str) -> Vec<String> {
        let mut names: Vec<String> = self.children(path).map(str::to_owned).collect();
        names.dedup();
        names
    }
}
