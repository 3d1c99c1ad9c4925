//! The installed mkosi 24.3 (Debian bookworm-backports' package, which scripts/test
//! installs) as an oracle: its own Python modules run by Debian's Python.

use crate::plumb::workspace_root;
use std::path::{Path, PathBuf};
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

/// The newest mkosi release plumb checks against: Debian's package of it, which no suite
/// this machine installs from carries, unpacked by scripts/setup.sh.
pub const CURRENT: &str = "27.1";

/// The directory of mkosi 27.1's Python modules that PLUMB_MKOSI_27 names, if it is mkosi
/// 27.1; under CI its absence fails the test.
pub fn current_source() -> Option<PathBuf> {
    let source = std::env::var_os("PLUMB_MKOSI_27").map(PathBuf::from);
    let found = source.as_ref().is_some_and(|source| {
        Command::new(DEBIAN_PYTHON)
            .args(["-m", "mkosi", "--version"])
            .env("PYTHONPATH", source)
            .output()
            .is_ok_and(|output| {
                String::from_utf8_lossy(&output.stdout).trim() == format!("mkosi {CURRENT}")
            })
    });
    crate::require(
        "mkosi 27.1 (Debian's package, unpacked by scripts/test) as PLUMB_MKOSI_27",
        found,
    )
    .then_some(source)
    .flatten()
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
