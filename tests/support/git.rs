//! Running git in the tests: without the user's configuration, as a fixed author at a fixed
//! time, so that the repositories the tests make are the same on every machine.

use std::path::Path;
use std::process::Command;

/// Runs git in `directory` and returns what it printed, trimmed; fails the test with git's
/// words when git fails.
pub fn git(directory: &Path, arguments: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=plumb", "-c", "user.email=plumb@localhost"])
        .args(["-c", "init.defaultBranch=main", "-c", "tag.gpgSign=false"])
        .args(arguments)
        .current_dir(directory)
        .env("GIT_AUTHOR_DATE", "2025-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2025-01-02T03:04:05Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}
