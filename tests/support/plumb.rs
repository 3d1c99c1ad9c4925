//! Running the `plumb` binary built by `cargo build --workspace`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// `target/<profile>/plumb`, next to the running test binary (`target/<profile>/deps/…`).
pub fn plumb_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary has a path");
    let profile_directory = test_binary
        .ancestors()
        .find(|ancestor| ancestor.file_name().is_some_and(|name| name == "deps"))
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps");
    let binary = profile_directory.join("plumb");
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build --workspace` before the tests (scripts/test does)",
        binary.display()
    );
    binary
}

/// The result of one `plumb` run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.stdout))
    }
}

/// Runs `plumb ARGS` in `directory` with colours off.
pub fn plumb(directory: &Path, arguments: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(plumb_binary())
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .output()
        .expect("plumb runs");
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "plumb panicked: {}",
        run.stderr
    );
    run
}
