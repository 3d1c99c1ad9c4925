//! `plumb mkosi summary --format json` against `mkosi --json summary` (mkosi 24.3, Debian
//! bookworm-backports') on every tree of tests/corpus/mkosi, each run in the tree's
//! directory with the same environment. They must agree on whether the tree is accepted
//! and, when it is, on the images and on every value plumb writes. The agreement and the
//! share of mkosi's values plumb writes are printed; the goal is 98 % agreement.

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
fn images(program: &Path, arguments: &[&str], tree: &Path) -> Option<Vec<Value>> {
    let output = Command::new(program)
        .args(arguments)
        .current_dir(tree)
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

fn compare(tree: &Path) -> Comparison {
    let expected = images(Path::new("mkosi"), &["--json", "summary"], tree);
    let actual = images(
        plumb_binary(),
        &["mkosi", "summary", "--format", "json"],
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

#[test]
fn plumb_resolves_mkosi_trees_as_mkosi_24_3_does() {
    if !mkosi::required() {
        return;
    }
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
                            (name, compare(tree))
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
    println!(
        "mkosi summary agreement: {agreeing}/{} trees ({rate:.1} %); plumb wrote {written} of mkosi's {total} values ({:.1} %)",
        results.len(),
        100.0 * written as f64 / total.max(1) as f64
    );
    assert!(rate >= 98.0, "agreement {rate:.1} % is under 98 %");
    assert!(
        written * 100 >= total * 95,
        "plumb wrote only {written} of {total} values"
    );
}
