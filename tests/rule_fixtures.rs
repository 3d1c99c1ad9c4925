//! Per-rule fixtures: `tests/fixtures/rules/<CODE>/*.Dockerfile`, each with a snapshot of
//! that rule's findings from `plumb check` (`<name>.snap`, one per line; other rules'
//! findings are left out so a new rule does not churn every snapshot). Files whose name
//! starts with `fail` must trigger the rule, files starting with `pass` must not; every rule
//! has both. `PLUMB_UPDATE_SNAPSHOTS=1` rewrites the snapshots (review the diff).

use plumb_core::rules;
use plumb_tests::fixtures::dockerfiles_in;
use plumb_tests::plumb::workspace_root;

plumb_tests::use_plumb_binary!();
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture_root() -> PathBuf {
    workspace_root().join("tests/fixtures/rules")
}

/// Every fixture, by rule code.
fn fixtures() -> BTreeMap<String, Vec<PathBuf>> {
    let mut found: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for rule_directory in fs::read_dir(fixture_root()).expect("tests/fixtures/rules exists") {
        let rule_directory = rule_directory.unwrap().path();
        let code = rule_directory
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        found.insert(code, dockerfiles_in(&rule_directory));
    }
    found
}

/// `line:column severity code message`, one per finding, for every fixture file in one run.
fn reports(files: &[&Path]) -> BTreeMap<PathBuf, String> {
    let root = fixture_root();
    let mut arguments = vec!["check", "--format", "json", "--fail-level", "error"];
    let relative: Vec<String> = files
        .iter()
        .map(|file| {
            file.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    arguments.extend(relative.iter().map(String::as_str));
    let run = plumb(&root, &arguments);
    assert!(
        matches!(run.code, 0 | 1),
        "plumb check failed: {}",
        run.stderr
    );
    let report = run.json();
    let mut by_file: BTreeMap<PathBuf, String> = files
        .iter()
        .map(|file| (file.to_path_buf(), String::new()))
        .collect();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let path = root.join(diagnostic["file"].as_str().unwrap());
        let line = format!(
            "{}:{} {} {} {}\n",
            diagnostic["start"]["line"],
            diagnostic["start"]["column"],
            diagnostic["severity"].as_str().unwrap(),
            diagnostic["code"].as_str().unwrap(),
            diagnostic["message"].as_str().unwrap()
        );
        by_file
            .get_mut(&path)
            .expect("a reported file was checked")
            .push_str(&line);
    }
    by_file
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    let fixtures = fixtures();
    for rule in rules::all() {
        let files = fixtures
            .get(rule.code)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let named = |prefix: &str| {
            files.iter().any(|file| {
                file.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(prefix)
            })
        };
        assert!(
            named("fail"),
            "{}: no tests/fixtures/rules/{}/fail*.Dockerfile",
            rule.code,
            rule.code
        );
        assert!(
            named("pass"),
            "{}: no tests/fixtures/rules/{}/pass*.Dockerfile",
            rule.code,
            rule.code
        );
    }
    for code in fixtures.keys() {
        assert!(
            rules::find(code).is_some(),
            "tests/fixtures/rules/{code} names no rule"
        );
    }
}

#[test]
fn fixtures_match_their_snapshots() {
    let fixtures = fixtures();
    let files: Vec<&Path> = fixtures.values().flatten().map(PathBuf::as_path).collect();
    let update = std::env::var_os("PLUMB_UPDATE_SNAPSHOTS").is_some();
    let mut problems = Vec::new();
    for (file, full_report) in reports(&files) {
        let code = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let report: String = full_report
            .lines()
            .filter(|line| line.split(' ').nth(2) == Some(code.as_str()))
            .map(|line| format!("{line}\n"))
            .collect();
        let fires = !report.is_empty();
        if name.starts_with("fail") && !fires {
            problems.push(format!("{}: does not report {code}", file.display()));
        }
        if name.starts_with("pass") && fires {
            problems.push(format!("{}: reports {code}", file.display()));
        }
        let snapshot = file.with_extension("snap");
        if update {
            fs::write(&snapshot, &report).unwrap();
        }
        let expected = fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != report {
            problems.push(format!(
                "{}: output differs from {} (PLUMB_UPDATE_SNAPSHOTS=1 rewrites it)\n--- expected\n{expected}--- actual\n{report}",
                file.display(),
                snapshot.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every rule with a fix: the fix engine (unsafe fixes too) converges on its failing
/// fixtures, adds no syntax error, and leaves no fixable finding of the rule.
#[test]
fn fixes_remove_their_findings() {
    use plumb_core::fix::{FixLevel, fix_workspace};
    use plumb_core::rules::{Category, FixAvailability};
    use plumb_core::{Diagnostic, FileKind, Workspace, analyze};

    let syntax_errors = |diagnostics: &[Diagnostic]| {
        diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.rule.category() == Category::Syntax)
            .count()
    };
    let fixtures = fixtures();
    let mut checked = 0;
    for rule in rules::all()
        .iter()
        .filter(|rule| rule.fix != FixAvailability::None)
    {
        let failing = fixtures
            .get(rule.code)
            .into_iter()
            .flatten()
            .filter(|file| {
                file.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("fail")
            });
        for file in failing {
            let mut workspace = Workspace::new();
            workspace.add_file("Dockerfile", FileKind::Dockerfile, fs::read(file).unwrap());
            let before = analyze(&workspace).diagnostics;
            let of_rule = |diagnostics: &[Diagnostic]| {
                diagnostics
                    .iter()
                    .filter(|diagnostic| diagnostic.is(rule))
                    .cloned()
                    .collect::<Vec<_>>()
            };
            let fixed = fix_workspace(&workspace, FixLevel::Unsafe, None);
            let text = fixed.files.get("Dockerfile").cloned().unwrap_or_default();
            let after = &fixed.analysis.diagnostics;
            assert!(
                fixed.converged,
                "{}: the fixes do not converge:\n{text}",
                file.display()
            );
            let could_fix = of_rule(&before)
                .iter()
                .filter(|diagnostic| !diagnostic.fixes.is_empty())
                .count();
            assert!(
                could_fix == 0 || of_rule(after).len() < of_rule(&before).len(),
                "{}: fixes did not remove any {} finding:\n{text}",
                file.display(),
                rule.code
            );
            assert!(
                of_rule(after)
                    .iter()
                    .all(|diagnostic| diagnostic.fixes.is_empty()),
                "{}: a fixable {} finding is left after fixing:\n{text}",
                file.display(),
                rule.code
            );
            assert!(
                syntax_errors(after) <= syntax_errors(&before),
                "{}: fixing {} introduced syntax errors:\n{text}",
                file.display(),
                rule.code
            );
            checked += usize::from(could_fix > 0);
        }
    }
    let fixable_rules = rules::all()
        .iter()
        .filter(|rule| rule.fix != FixAvailability::None)
        .count();
    assert!(
        fixable_rules == 0 || checked > 0,
        "rules declare fixes but no failing fixture offers one"
    );
}
