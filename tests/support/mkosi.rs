//! The installed mkosi 24.3 (Debian bookworm-backports' package, which scripts/test
//! installs) as an oracle: its own Python modules run by Debian's Python.

use crate::plumb::workspace_root;
use std::path::Path;
use std::process::Command;

/// Debian's Python, which has the mkosi package on its path.
const DEBIAN_PYTHON: &str = "/usr/bin/python3";

/// The release the oracle is.
pub const VERSION: &str = "24.3";

/// Whether mkosi 24.3 is installed; under CI its absence fails the test.
pub fn required() -> bool {
    let installed = Command::new("mkosi")
        .arg("--version")
        .output()
        .is_ok_and(|output| {
            String::from_utf8_lossy(&output.stdout).trim() == format!("mkosi {VERSION}")
        });
    crate::require(
        "mkosi 24.3 (Debian bookworm-backports), set up by scripts/test",
        installed,
    )
}

/// What `tests/oracles/<script>` prints with `arguments`, run with mkosi's Python.
pub fn oracle(script: &str, arguments: &[&Path]) -> String {
    run_oracle(
        Command::new(DEBIAN_PYTHON)
            .arg(workspace_root().join("tests/oracles").join(script))
            .args(arguments),
        script,
    )
}

/// What `tests/oracles/<script>` prints when the mkosi it imports is the checkout `source`.
pub fn oracle_from(source: &Path, script: &str) -> String {
    run_oracle(
        Command::new(DEBIAN_PYTHON)
            .arg(workspace_root().join("tests/oracles").join(script))
            .env("PYTHONPATH", source),
        script,
    )
}

fn run_oracle(command: &mut Command, script: &str) -> String {
    let output = command.output().expect("Debian's python3 runs");
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the oracle prints UTF-8")
}
