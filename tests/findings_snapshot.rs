//! Every finding of `plumb check --format json` over tests/corpus/dockerfile and
//! tests/fixtures/rules (the compose corpus is compared with docker compose instead),
//! one JSON object a line in tests/snapshots/findings.jsonl, so that any change in what plumb
//! reports shows up in review (and the commit that changes it says why).
//! `PLUMB_UPDATE_SNAPSHOTS=1` rewrites the file.

use plumb_tests::plumb::workspace_root;
use std::fs;

plumb_tests::use_plumb_binary!();

const SNAPSHOT: &str = "tests/snapshots/findings.jsonl";

#[test]
fn findings_over_the_corpus_and_the_rule_fixtures_are_unchanged() {
    let root = workspace_root();
    let run = plumb(
        &root,
        &[
            "check",
            "--format",
            "json",
            "tests/corpus/dockerfile",
            "tests/fixtures/rules",
        ],
    );
    assert_eq!(run.code, 1, "plumb check failed: {}", run.stderr);
    let report = run.json();
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list");
    assert!(!diagnostics.is_empty());
    let actual: String = diagnostics
        .iter()
        .map(|diagnostic| format!("{diagnostic}\n"))
        .collect();

    let path = root.join(SNAPSHOT);
    if std::env::var_os("PLUMB_UPDATE_SNAPSHOTS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{SNAPSHOT}: {error} (PLUMB_UPDATE_SNAPSHOTS=1 writes it)"));
    if let Some((number, (want, got))) = expected
        .lines()
        .zip(actual.lines())
        .enumerate()
        .find(|(_, (want, got))| want != got)
    {
        panic!(
            "{SNAPSHOT}:{}: the findings changed (PLUMB_UPDATE_SNAPSHOTS=1 rewrites the file; \
             say why in the commit)\nexpected: {want}\n  actual: {got}",
            number + 1
        );
    }
    assert_eq!(
        expected.lines().count(),
        actual.lines().count(),
        "{SNAPSHOT}: the number of findings changed (PLUMB_UPDATE_SNAPSHOTS=1 rewrites the file)"
    );
}
