//! `plumb mkosi summary --format json` against `mkosi --json summary` on every tree of
//! tests/corpus/mkosi, each run in the tree's directory with the same environment: mkosi
//! 24.3 (Debian bookworm-backports') run live, and mkosi 26's answers as recorded in
//! tests/corpus/mkosi-26.json (no registry this project installs from packages mkosi 26;
//! `PLUMB_RECORD_MKOSI_26=<checkout of systemd/mkosi at v26>` records them again). They must
//! agree on whether the tree is accepted and, when it is, on the images and on every value
//! plumb writes. The agreement and the share of mkosi's values plumb writes are printed;
//! the goal is 98 % agreement with mkosi 24.3.

use plumb_tests::mkosi;
use plumb_tests::plumb::workspace_root;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

plumb_tests::use_plumb_binary!();

fn trees() -> Vec<PathBuf> {
    let mut trees: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("tests/corpus/mkosi"))
        .expect("tests/corpus/mkosi exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    trees.sort();
    trees
}

/// The images a summary lists, if the tool accepted the tree.
fn images(command: &mut Command, tree: &Path) -> Option<Vec<Value>> {
    // The variables paths may name (`~`, `$PLUMB_CORPUS_DIRECTORY`), the same for every run
    // and machine, so that recorded answers hold.
    let output = command
        .current_dir(tree)
        .env("HOME", "/home/corpus")
        .env("PLUMB_CORPUS_DIRECTORY", "/srv/corpus")
        .env("PLUMB_CORPUS_NAME", "app")
        .env_remove("PLUMB_CORPUS_UNSET")
        .output()
        .expect("the tool runs");
    if !output.status.success() {
        return None;
    }
    let summary: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{}: not JSON ({error})", tree.display()));
    Some(summary["Images"].as_array().cloned().unwrap_or_default())
}

/// How the tools differ on a tree (nothing when they agree), and how many of mkosi's values
/// plumb wrote out of how many.
#[derive(Default)]
struct Comparison {
    differences: Vec<String>,
    written: usize,
    total: usize,
}

fn differing(difference: &str) -> Comparison {
    Comparison {
        differences: vec![difference.to_owned()],
        ..Comparison::default()
    }
}

/// What plumb resolves `tree` to as mkosi `release` would, against what mkosi answered.
fn compare(tree: &Path, release: &str, expected: Option<Vec<Value>>) -> Comparison {
    let actual = images(
        Command::new(plumb_binary()).args([
            "mkosi",
            "summary",
            "--format",
            "json",
            "--mkosi-version",
            release,
        ]),
        tree,
    );
    let (expected, actual) = match (expected, actual) {
        (None, None) => return Comparison::default(),
        (Some(_), None) => return differing("mkosi accepts it, plumb does not"),
        (None, Some(_)) => return differing("plumb accepts it, mkosi does not"),
        (Some(expected), Some(actual)) => (expected, actual),
    };
    let mut differences = Vec::new();
    if expected.len() != actual.len() {
        differences.push(format!(
            "{} images, plumb lists {}",
            expected.len(),
            actual.len()
        ));
    }
    let (mut written, mut total) = (0, 0);
    for (expected, actual) in expected.iter().zip(&actual) {
        let (Some(expected), Some(actual)) = (expected.as_object(), actual.as_object()) else {
            differences.push("an image is not an object".to_owned());
            continue;
        };
        total += expected.len();
        for (key, value) in actual {
            written += 1;
            if expected.get(key) != Some(value) {
                differences.push(format!(
                    "{key}: plumb {value}, mkosi {}",
                    expected.get(key).unwrap_or(&Value::Null)
                ));
            }
        }
    }
    Comparison {
        differences,
        written,
        total,
    }
}

/// Compares plumb with mkosi `release`, whose answer for a tree `expected` gives, on every
/// tree; prints the disagreements and returns the agreement rate and the share of mkosi's
/// values plumb writes, in percent.
fn agreement(release: &str, expected: &(dyn Fn(&Path) -> Option<Vec<Value>> + Sync)) -> (f64, f64) {
    let trees = trees();
    assert!(trees.len() >= 80, "the corpus has {} trees", trees.len());
    let results: Vec<(String, Comparison)> = std::thread::scope(|scope| {
        let halves: Vec<_> = trees
            .chunks(trees.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|tree| {
                            let name = tree.file_name().unwrap().to_string_lossy().into_owned();
                            (name, compare(tree, release, expected(tree)))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|half| half.join().expect("the comparisons run"))
            .collect()
    });
    let mut agreeing = 0;
    let (mut written, mut total) = (0, 0);
    for (name, comparison) in &results {
        written += comparison.written;
        total += comparison.total;
        if comparison.differences.is_empty() {
            agreeing += 1;
        } else {
            println!("{name}: {}", comparison.differences.join("; "));
        }
    }
    let rate = 100.0 * agreeing as f64 / results.len() as f64;
    let coverage = 100.0 * written as f64 / total.max(1) as f64;
    println!(
        "mkosi {release} summary agreement: {agreeing}/{} trees ({rate:.1} %); plumb wrote {written} of mkosi's {total} values ({coverage:.1} %)",
        results.len(),
    );
    (rate, coverage)
}

#[test]
fn plumb_resolves_mkosi_trees_as_mkosi_24_3_does() {
    if !mkosi::required() {
        return;
    }
    let live = |tree: &Path| images(Command::new("mkosi").args(["--json", "summary"]), tree);
    let (rate, coverage) = agreement("24", &live);
    assert!(rate >= 98.0, "agreement {rate:.1} % is under 98 %");
    assert!(
        coverage >= 95.0,
        "plumb wrote only {coverage:.1} % of the values"
    );
}

/// mkosi 26's recorded answers, by tree name: its images, or `null` where it refused.
fn recorded_26() -> serde_json::Map<String, Value> {
    let path = workspace_root().join("tests/corpus/mkosi-26.json");
    let text = std::fs::read_to_string(&path).expect("tests/corpus/mkosi-26.json exists");
    match serde_json::from_str(&text).expect("the record is JSON") {
        Value::Object(record) => record,
        _ => panic!("the record is an object"),
    }
}

/// The placeholder the record writes for the tree's directory, which differs per checkout.
const TREE: &str = "@TREE@";

/// `value` with each text's `from` replaced by `to`.
fn replace_in(value: &Value, from: &str, to: &str) -> Value {
    match value {
        Value::String(text) => Value::String(text.replace(from, to)),
        Value::Array(items) => items
            .iter()
            .map(|item| replace_in(item, from, to))
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(key, item)| (key.clone(), replace_in(item, from, to)))
            .collect(),
        other => other.clone(),
    }
}

/// Whether two answers differ in more than the random seeds mkosi 26 makes up.
fn differ_beyond_seeds(one: &Value, other: &Value) -> bool {
    let without_seeds = |answer: &Value| -> Value {
        match answer {
            Value::Array(images) => images
                .iter()
                .map(|image| match image {
                    Value::Object(settings) => Value::Object(
                        settings
                            .iter()
                            .filter(|(key, _)| *key != "Seed")
                            .map(|(key, value)| (key.clone(), value.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
            other => other.clone(),
        }
    };
    without_seeds(one) != without_seeds(other)
}

/// Runs mkosi 26 from the checkout `source` on every tree and writes its answers; a tree
/// whose answer changed only in its random seeds keeps its recorded one.
fn record_26(source: &Path) {
    let earlier = recorded_26();
    let mut record = serde_json::Map::new();
    for tree in trees() {
        let answer = images(
            Command::new("/usr/bin/python3")
                .args(["-m", "mkosi", "--json", "summary"])
                .env("PYTHONPATH", source),
            &tree,
        );
        let answer = answer.map(Value::Array).unwrap_or(Value::Null);
        let name = tree.file_name().unwrap().to_string_lossy().into_owned();
        let answer = replace_in(&answer, &tree.to_string_lossy(), TREE);
        let answer = match earlier.get(&name) {
            Some(recorded) if !differ_beyond_seeds(recorded, &answer) => recorded.clone(),
            _ => answer,
        };
        record.insert(name, answer);
    }
    // One tree a line, so that a new recording's changes read tree by tree.
    let lines: Vec<String> = record
        .iter()
        .map(|(name, answer)| format!("{}: {answer}", Value::String(name.clone())))
        .collect();
    let text = format!("{{\n{}\n}}\n", lines.join(",\n"));
    std::fs::write(workspace_root().join("tests/corpus/mkosi-26.json"), text)
        .expect("the record is written");
}

#[test]
fn plumb_resolves_mkosi_trees_as_mkosi_26_did() {
    if let Some(source) = std::env::var_os("PLUMB_RECORD_MKOSI_26") {
        record_26(Path::new(&source));
    }
    let record = recorded_26();
    let missing: Vec<String> = trees()
        .iter()
        .map(|tree| tree.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| !record.contains_key(name))
        .collect();
    assert!(
        missing.is_empty(),
        "tests/corpus/mkosi-26.json has no answer for {missing:?}: record it again (see the top of this file)"
    );
    let recorded = |tree: &Path| {
        let name = tree.file_name().unwrap().to_string_lossy();
        match replace_in(&record[name.as_ref()], TREE, &tree.to_string_lossy()) {
            Value::Array(images) => Some(images),
            _ => None,
        }
    };
    let (rate, coverage) = agreement("26", &recorded);
    // The trees that want mkosi's own tools tree or initrd configuration are left to mkosi.
    assert!(rate >= 97.0, "agreement {rate:.1} % is under 97 %");
    assert!(
        coverage >= 95.0,
        "plumb wrote only {coverage:.1} % of the values"
    );
}
