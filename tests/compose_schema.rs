//! compose-go's JSON schema as plumb-core's generated tables, and plumb's validation with
//! them against docker compose v2.40.3's own.

use std::fs;

use plumb_tests::compose;
use plumb_tests::plumb::workspace_root;

/// The tables say what the schema docker compose embeds says; `PLUMB_UPDATE_SCHEMA=1`
/// writes them.
#[test]
fn generated_schema_tables_are_current() {
    let generated = compose::tables::generated_source(&compose::schema())
        .unwrap_or_else(|why| panic!("the schema tables cannot be generated: {why}"));
    let path = workspace_root().join("crates/plumb-core/src/compose/schema/generated.rs");
    if std::env::var_os("PLUMB_UPDATE_SCHEMA").is_some() {
        fs::write(&path, &generated).unwrap();
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `PLUMB_UPDATE_SCHEMA=1 cargo test -p plumb-tests --test compose_schema generated`",
        path.display()
    );
}

/// Every file in tests/fixtures/compose-schema/: docker compose accepts exactly the
/// `valid-*` ones, plumb accepts exactly what it accepts, and for the others plumb's first
/// violation is compose's message. Each file is decided by the schema alone (no
/// interpolation, no later checks), and has one most specific error, so that Go's random
/// map order cannot choose between two.
#[test]
fn plumb_accepts_and_rejects_what_docker_compose_does() {
    let docker_compose = compose::docker_compose();
    let directory = workspace_root().join("tests/fixtures/compose-schema");
    let mut files: Vec<_> = fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut disagreements = Vec::new();
    let mut invalid = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(file).unwrap();
        let expected = compose_verdict(&docker_compose, &text);
        let documents = plumb_core::yaml::parse(&text)
            .unwrap_or_else(|error| panic!("{name}: plumb cannot read it: {error:?}"));
        let actual = plumb_core::compose::schema::validate(&documents[0])
            .into_iter()
            .next()
            .map(|violation| violation.message);
        match (&expected, name.starts_with("valid-")) {
            (Verdict::Other(error), _) => {
                disagreements.push(format!("{name}: compose fails after the schema: {error}"));
            }
            (Verdict::Accepted, false) | (Verdict::Rejected(_), true) => {
                disagreements.push(format!(
                    "{name}: compose says {expected:?}, unlike its name"
                ));
            }
            (Verdict::Accepted, true) if actual.is_some() => {
                disagreements.push(format!("{name}: compose accepts it, plumb says {actual:?}"));
            }
            (Verdict::Rejected(message), false) if actual.as_ref() != Some(message) => {
                disagreements.push(format!(
                    "{name}:\n  compose: {message}\n  plumb:   {actual:?}"
                ));
            }
            (Verdict::Rejected(_), false) => invalid += 1,
            (Verdict::Accepted, true) => {}
        }
    }
    assert!(
        files.len() >= 60,
        "only {} files in {}",
        files.len(),
        directory.display()
    );
    assert!(
        disagreements.is_empty(),
        "{} of {} files disagree:\n{}",
        disagreements.len(),
        files.len(),
        disagreements.join("\n")
    );
    println!(
        "{} files agree with docker compose ({} valid, {invalid} invalid)",
        files.len(),
        files.len() - invalid
    );
}

/// What `docker compose config` says of one file.
#[derive(Debug)]
enum Verdict {
    Accepted,
    /// The schema's message, without `validating <file>: `.
    Rejected(String),
    /// Any other failure.
    Other(String),
}

fn compose_verdict(docker_compose: &std::path::Path, text: &str) -> Verdict {
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("compose.yaml");
    fs::write(&file, text).unwrap();
    // Nothing from the environment (no COMPOSE_* variables, no configuration in HOME).
    let output = std::process::Command::new(docker_compose)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", directory.path())
        .current_dir(directory.path())
        .args(["--project-name", "plumb", "--file"])
        .arg(&file)
        .args(["config", "--format", "json"])
        .output()
        .expect("docker compose runs");
    if output.status.success() {
        return Verdict::Accepted;
    }
    let error = String::from_utf8_lossy(&output.stderr)
        .trim_end()
        .to_owned();
    let prefix = format!("validating {}: ", file.display());
    match error.strip_prefix(&prefix) {
        Some(message) => Verdict::Rejected(message.to_owned()),
        None => Verdict::Other(error),
    }
}
