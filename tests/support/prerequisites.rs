//! What a test does when something it needs (a browser, a built binary) is missing.
//!
//! Locally a missing tool should not block the rest of the suite, so the test is skipped with
//! a line saying why. In CI (`CI=true`) a skip would hide a broken setup, so it fails instead.

use std::io::{self, Write};

/// Returns whether the test can go on. `what` names the prerequisite and how to get it.
///
/// # Panics
///
/// When `available` is false and the environment variable `CI` is `true`.
pub fn require(what: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if in_ci() {
        panic!(
            "prerequisite missing: {what} (CI=true, so this test fails instead of being skipped)"
        );
    }
    // Straight to stderr rather than `eprintln!`, which the test harness captures and hides
    // for passing tests: a skip must be visible.
    let _ = writeln!(io::stderr(), "skipped: prerequisite missing: {what}");
    false
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value.eq_ignore_ascii_case("true"))
}
