//! `plumb check` on compose projects end to end: the Dockerfiles their services build are
//! checked with the build context the compose file gives, wherever they lie.

plumb_tests::use_plumb_binary!();
use serde_json::Value;
use std::fs;
use std::path::Path;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// `(file, code, severity, message)` of every finding.
fn findings(report: &Value) -> Vec<(String, String, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| {
            let text = |key: &str| diagnostic[key].as_str().unwrap().to_owned();
            (
                text("file"),
                text("code"),
                text("severity"),
                text("message"),
            )
        })
        .collect()
}

#[test]
fn a_dockerfile_elsewhere_is_checked_with_the_context_the_compose_file_gives() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(
        root,
        &[
            (
                "deploy/compose.yaml",
                "services:\n  api:\n    build:\n      context: ../services/api\n      dockerfile: ../../images/api.Dockerfile\n      args:\n        PYTHON_VERSON: \"3.12\"\n",
            ),
            (
                "images/api.Dockerfile",
                "ARG PYTHON_VERSION=3.11\nFROM python:${PYTHON_VERSION}-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nCOPY requirements.txt app.py /srv/\nCOPY settings.local /srv/\nCOPY missing.cfg /srv/\n",
            ),
            ("services/api/requirements.txt", "flask\n"),
            ("services/api/app.py", "print('hi')\n"),
            ("services/api/settings.local", "debug\n"),
            ("services/api/.dockerignore", "*.local\n"),
        ],
    );
    let run = plumb(
        &root.join("deploy"),
        &["check", "--format", "json", "compose.yaml"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run.json());
    let codes: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(file, code, severity, _)| (file.as_str(), code.as_str(), severity.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("../images/api.Dockerfile", "DF112", "warning"),
            ("../images/api.Dockerfile", "DF032", "error"),
            ("compose.yaml", "CP106", "warning"),
        ],
        "{found:#?}"
    );
    assert!(
        found[1]
            .3
            .contains("\"missing.cfg\" matches nothing in the build context")
    );
    assert!(found[2].3.contains("PYTHON_VERSON"));

    // Without the compose file, the Dockerfile's own folder is only assumed to be its context.
    let alone = plumb(
        root,
        &["check", "--format", "json", "images/api.Dockerfile"],
    );
    let severities: Vec<String> = findings(&alone.json())
        .into_iter()
        .filter(|(_, code, _, _)| code == "DF032")
        .map(|(_, _, severity, _)| severity)
        .collect();
    assert_eq!(severities, ["info", "info", "info", "info"]);
}

#[test]
fn a_dockerfile_found_twice_is_checked_once() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(
        root,
        &[
            ("compose.yaml", "services:\n  web:\n    build: ./web\n"),
            (
                "web/Dockerfile",
                "FROM alpine:3.20\nCOPY site /usr/share/site\n",
            ),
        ],
    );
    let run = plumb(root, &["check", "--format", "json", "."]);
    let found = findings(&run.json());
    let files: Vec<&str> = found.iter().map(|(file, ..)| file.as_str()).collect();
    assert_eq!(files, ["web/Dockerfile", "web/Dockerfile"], "{found:#?}");
    assert_eq!(found[1].1, "DF032");
    assert_eq!(found[1].2, "error");
}
