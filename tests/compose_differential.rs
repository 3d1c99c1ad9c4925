//! `plumb compose … config --format json` against docker compose v2.40.3 on every project
//! of tests/corpus/compose: both are run by tests/oracles/compose_config.py, in the same
//! directories with the same environment, and must agree on whether the project loads
//! and, when it does, on the model (as JSON values). Each case that does not agree is
//! listed with its reason in tests/corpus/compose/known-differences.txt; a listed case
//! that agrees again must leave the list. The agreement is printed; the goal is
//! 98 %.

use plumb_tests::compose::docker_compose;
use plumb_tests::plumb::workspace_root;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

plumb_tests::use_plumb_binary!();

fn corpus() -> PathBuf {
    workspace_root().join("tests/corpus/compose")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/corpus/compose exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("case.toml").is_file())
        .collect();
    cases.sort();
    cases
}

/// Each case's `{exit_code, stdout, stderr}` from `binary` (with `prepend` before the
/// case's arguments).
fn run_all(
    binary: &Path,
    prepend: &[&str],
    home: &Path,
    cases: &[PathBuf],
) -> BTreeMap<String, Value> {
    let python = std::env::var_os("PLUMB_TEST_PYTHON").expect("PLUMB_TEST_PYTHON is set");
    let mut command = Command::new(python);
    command
        .arg(workspace_root().join("tests/oracles/compose_config.py"))
        .arg("--binary")
        .arg(binary)
        .arg("--home")
        .arg(home);
    for argument in prepend {
        command.arg("--prepend").arg(argument);
    }
    let output = command
        .args(cases)
        .output()
        .expect("the oracle runner runs");
    assert!(
        output.status.success(),
        "compose_config.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: BTreeMap<String, Value> =
        serde_json::from_slice(&output.stdout).expect("the runner prints JSON");
    results
        .into_iter()
        .map(|(case, result)| {
            let name = Path::new(&case)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, result)
        })
        .collect()
}

/// The listed differences: `case: reason` lines (`#` comments).
fn known_differences() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(corpus().join("known-differences.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (case, reason) = line.split_once(':').unwrap_or((line, ""));
            (case.trim().to_owned(), reason.trim().to_owned())
        })
        .collect()
}

/// How a case's two results differ, if they do.
fn difference(oracle: &Value, plumb: &Value) -> Option<String> {
    let loads = |result: &Value| result["exit_code"].as_i64() == Some(0);
    match (loads(oracle), loads(plumb)) {
        (true, true) => {
            let parse = |result: &Value| {
                serde_json::from_str::<Value>(result["stdout"].as_str().unwrap_or_default())
            };
            match (parse(oracle), parse(plumb)) {
                (Ok(expected), Ok(actual)) if expected == actual => None,
                (Ok(expected), Ok(actual)) => Some(format!(
                    "models differ:\n  docker compose: {expected}\n  plumb:          {actual}"
                )),
                (_, Err(error)) => Some(format!("plumb's output is not JSON: {error}")),
                (Err(error), _) => Some(format!("docker compose's output is not JSON: {error}")),
            }
        }
        (false, false) => None,
        (true, false) => Some(format!(
            "plumb refuses it: {}",
            plumb["stderr"].as_str().unwrap_or_default().trim()
        )),
        (false, true) => Some(format!(
            "docker compose refuses it: {}",
            oracle["stderr"].as_str().unwrap_or_default().trim()
        )),
    }
}

#[test]
fn plumb_compose_config_agrees_with_docker_compose() {
    let cases = cases();
    assert!(cases.len() >= 150, "the corpus has {} cases", cases.len());
    let home = tempfile::tempdir().unwrap();
    let oracle = run_all(&docker_compose(), &[], home.path(), &cases);
    let plumb = run_all(plumb_binary(), &["compose"], home.path(), &cases);
    let known = known_differences();
    let mut differing = BTreeMap::new();
    let mut same_message = 0;
    let mut other_messages: Vec<String> = Vec::new();
    let mut both_refuse = 0;
    for (case, expected) in &oracle {
        let actual = &plumb[case];
        match difference(expected, actual) {
            Some(how) => {
                differing.insert(case.clone(), how);
            }
            None if expected["exit_code"].as_i64() != Some(0) => {
                both_refuse += 1;
                let message = expected["stderr"].as_str().unwrap_or_default().trim();
                if actual["stderr"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(message)
                {
                    same_message += 1;
                } else {
                    other_messages.push(case.clone());
                }
            }
            None => {}
        }
    }
    let agreeing = cases.len() - differing.len();
    println!(
        "compose corpus: {agreeing} of {} cases agree ({:.1} %); of the {both_refuse} both refuse, {same_message} with docker compose's message",
        cases.len(),
        100.0 * agreeing as f64 / cases.len() as f64
    );
    println!("refused by both with other words: {other_messages:?}");
    let unexplained: Vec<String> = differing
        .iter()
        .filter(|(case, _)| !known.contains_key(*case))
        .map(|(case, how)| format!("{case}: {how}"))
        .collect();
    let agreeing_again: Vec<&String> = known
        .keys()
        .filter(|case| !differing.contains_key(*case))
        .collect();
    assert!(
        unexplained.is_empty() && agreeing_again.is_empty(),
        "{} cases differ without a reason in known-differences.txt:\n{}\n\nlisted but agreeing now: {agreeing_again:?}",
        unexplained.len(),
        unexplained.join("\n")
    );
}
