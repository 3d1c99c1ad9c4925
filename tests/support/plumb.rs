//! Running the `plumb` binary cargo built for the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// Defines `plumb_binary()`, `plumb(directory, arguments)` and
/// `plumb_without_environment(directory, arguments)` in a test of the plumb-cli
/// package. They run the binary cargo built for this very test run (`CARGO_BIN_EXE_plumb`,
/// which cargo sets only for the binary's own package), so a test can never run a stale one.
#[macro_export]
macro_rules! use_plumb_binary {
    () => {
        // Each test file uses what it needs of the pair.
        #[allow(dead_code)]
        fn plumb_binary() -> &'static ::std::path::Path {
            ::std::path::Path::new(env!("CARGO_BIN_EXE_plumb"))
        }

        #[allow(dead_code)]
        fn plumb(directory: &::std::path::Path, arguments: &[&str]) -> $crate::plumb::Run {
            $crate::plumb::run(plumb_binary(), directory, arguments)
        }

        #[allow(dead_code)]
        fn plumb_without_environment(
            directory: &::std::path::Path,
            arguments: &[&str],
        ) -> $crate::plumb::Run {
            $crate::plumb::run_without_environment(plumb_binary(), directory, arguments)
        }
    };
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

/// Runs `binary ARGS` in `directory` with colours off (tests call it through the `plumb`
/// function that [`use_plumb_binary!`] defines).
pub fn run(binary: &Path, directory: &Path, arguments: &[&str]) -> Run {
    let mut command = Command::new(binary);
    command.env("NO_COLOR", "1");
    finish(command, directory, arguments)
}

/// Runs `binary ARGS` in `directory` with an empty environment, as the browser has: compose
/// interpolates with nothing the test's process has set (plumb needs no variable to run, and
/// colours only on a terminal).
pub fn run_without_environment(binary: &Path, directory: &Path, arguments: &[&str]) -> Run {
    let mut command = Command::new(binary);
    command.env_clear();
    finish(command, directory, arguments)
}

fn finish(mut command: Command, directory: &Path, arguments: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = command
        .args(arguments)
        .current_dir(directory)
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
