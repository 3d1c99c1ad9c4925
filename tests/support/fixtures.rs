//! Finding the test Dockerfiles (`*.Dockerfile`) on disk, in a stable order.

use std::fs;
use std::path::{Path, PathBuf};

/// The Dockerfiles directly in `directory`, in name order.
pub fn dockerfiles_in(directory: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "Dockerfile")
        })
        .collect();
    files.sort();
    files
}

/// The rule fixtures in `directory`: Dockerfiles, compose files (`*.compose.yaml`) and
/// dstack's app-compose.json files (`*.app-compose.json`).
pub fn fixtures_in(directory: &Path) -> Vec<PathBuf> {
    let mut files = dockerfiles_in(directory);
    files.extend(
        fs::read_dir(directory)
            .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
            .map(|entry| entry.expect("readable directory entry").path())
            .filter(|path| {
                let name = path.to_string_lossy();
                name.ends_with(".compose.yaml")
                    || name.ends_with(".app-compose.json")
                    || name.ends_with(".conf")
                    // An mkosi tree: its configuration and scripts, checked together.
                    || path.join("mkosi.conf").is_file()
            }),
    );
    files.sort();
    files
}

/// The Dockerfiles in `directory` and every folder below it, in path order.
pub fn dockerfiles_below(directory: &Path) -> Vec<PathBuf> {
    let mut files = dockerfiles_in(directory);
    for entry in fs::read_dir(directory).expect("readable directory") {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            files.extend(dockerfiles_below(&path));
        }
    }
    files.sort();
    files
}
