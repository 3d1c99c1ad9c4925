//! Per-rule fixtures: `tests/fixtures/rules/<CODE>/*.Dockerfile` (`*.compose.yaml` for compose rules, `*.conf` for mkosi's), each with a snapshot of
//! that rule's findings from `plumb check` (from `plumb plan` for the plan rules) (`<name>.snap`: start and end, severity, message,
//! labels and notes of each, then the text after the rule's fixes; other rules' findings are
//! left out so a new rule does not churn every snapshot). A missing snapshot, or one whose
//! Dockerfile is gone, fails. Files whose name
//! starts with `fail` must trigger the rule, files starting with `pass` must not; every rule
//! has both. `PLUMB_UPDATE_SNAPSHOTS=1` rewrites the snapshots (review the diff).

use plumb_core::rules;
use plumb_tests::fixtures::fixtures_in;
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
        found.insert(code, fixtures_in(&rule_directory));
    }
    found
}

/// `start-end severity code message` (positions as `line:column`), then its labels and
/// notes indented, for every finding of every fixture file, by file and code. Plan rules'
/// fixtures are planned (below); the others are checked in one run.
fn reports(files: &[&Path]) -> BTreeMap<PathBuf, Vec<(String, String)>> {
    let root = fixture_root();
    let (planned, checked): (Vec<&Path>, Vec<&Path>) =
        files.iter().partition(|file| is_plan_fixture(file));
    let mut arguments = vec!["check", "--format", "json", "--fail-level", "error"];
    let relative: Vec<String> = checked
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
    let mut by_file: BTreeMap<PathBuf, Vec<(String, String)>> = files
        .iter()
        .map(|file| (file.to_path_buf(), Vec::new()))
        .collect();
    for (file, block) in blocks(&run.json(), |reported| root.join(reported)) {
        // A finding in an mkosi tree fixture's files belongs to the tree.
        let owner = by_file
            .keys()
            .find(|fixture| fixture.is_dir() && file.starts_with(fixture))
            .cloned()
            .unwrap_or(file.clone());
        match by_file.get_mut(&owner) {
            Some(found) => found.push(block),
            // The Dockerfile a compose fixture builds, in the fixture's own folder: checked
            // for the compose file's sake, its findings are other rules'.
            None => assert!(
                file.parent().and_then(Path::parent).and_then(Path::parent) == Some(&root),
                "{} was reported but not checked",
                file.display()
            ),
        }
    }
    for file in planned {
        let findings = plan_findings(file);
        by_file
            .get_mut(file)
            .unwrap()
            .extend(blocks(&findings, |_| file.to_path_buf()).map(|(_, block)| block));
    }
    by_file
}

/// A fixture of a plan rule (`PL…`): its findings come from `plumb plan`, not `check`.
fn is_plan_fixture(file: &Path) -> bool {
    file.parent()
        .and_then(Path::file_name)
        .is_some_and(|code| code.to_string_lossy().starts_with("PL"))
}

/// `plumb plan`'s findings for a plan rule's fixture: the file planned alone as the
/// Dockerfile of a folder outside any git checkout, with the rule folder's `plumb.lock` if it
/// has one, and the options its first line names after `# plan:`.
fn plan_findings(file: &Path) -> serde_json::Value {
    let folder = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(file).unwrap();
    fs::write(folder.path().join("Dockerfile"), &text).unwrap();
    let lock = file.parent().unwrap().join("plumb.lock");
    if lock.is_file() {
        fs::copy(&lock, folder.path().join("plumb.lock")).unwrap();
    }
    let options = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# plan:"))
        .unwrap_or_default();
    let mut arguments = vec!["plan", "--format", "json", "-o", "plan.json"];
    arguments.extend(options.split_whitespace());
    let run = plumb(folder.path(), &arguments);
    assert!(
        matches!(run.code, 0 | 1),
        "plumb plan failed: {}",
        run.stderr
    );
    serde_json::from_str(&run.stderr).expect("the findings are JSON")
}

/// Each finding of a JSON report as its file (`path_of` the reported path) and its code
/// with its block.
fn blocks(
    report: &serde_json::Value,
    path_of: impl Fn(&str) -> PathBuf,
) -> impl Iterator<Item = (PathBuf, (String, String))> {
    let place = |value: &serde_json::Value| {
        format!(
            "{}:{}-{}:{}",
            value["start"]["line"],
            value["start"]["column"],
            value["end"]["line"],
            value["end"]["column"]
        )
    };
    let mut found = Vec::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let path = path_of(diagnostic["file"].as_str().unwrap());
        let code = diagnostic["code"].as_str().unwrap().to_owned();
        let mut block = format!(
            "{} {} {code} {}\n",
            place(diagnostic),
            diagnostic["severity"].as_str().unwrap(),
            diagnostic["message"].as_str().unwrap()
        );
        for label in diagnostic["labels"].as_array().unwrap() {
            let file = label["file"]
                .as_str()
                .map(|file| format!("{file}:"))
                .unwrap_or_default();
            block.push_str(&format!(
                "  label {file}{} {}\n",
                place(label),
                label["message"].as_str().unwrap()
            ));
        }
        for note in diagnostic["notes"].as_array().unwrap() {
            block.push_str(&format!("  note: {}\n", note.as_str().unwrap()));
        }
        found.push((path, (code, block)));
    }
    found.into_iter()
}

/// The fixture after every fix of `rule` (unsafe ones too) by the core's fix engine, each
/// line behind `| `, or nothing when no fix applies.
fn fixed_text(rule: &'static plumb_core::rules::Rule, file: &Path) -> String {
    use plumb_core::fix::{FixLevel, fix_workspace};
    use plumb_core::{FileKind, Workspace};
    if file.is_dir() {
        return fixed_tree(rule, file);
    }
    let mut workspace = Workspace::new();
    let path = file.to_string_lossy();
    let (name, kind) = if path.ends_with(".compose.yaml") {
        ("compose.yaml", FileKind::Compose)
    } else if path.ends_with(".app-compose.json") {
        ("app-compose.json", FileKind::AppCompose)
    } else if path.ends_with(".conf") {
        ("mkosi.conf", FileKind::Mkosi)
    } else {
        ("Dockerfile", FileKind::Dockerfile)
    };
    workspace.add_file(name, kind, fs::read(file).unwrap());
    // The fixture folder's plumb.toml configures it, as it does for `plumb check`.
    let config = file.with_file_name("plumb.toml");
    if let Ok(text) = fs::read_to_string(&config) {
        workspace
            .add_config("plumb.toml", &text)
            .expect("the fixture's plumb.toml is valid");
        workspace.use_config(name, "plumb.toml", name);
    }
    let fixed = fix_workspace(&workspace, FixLevel::Unsafe, Some(rule));
    match fixed.files.get(name) {
        Some(text) => {
            let lines: String = text.lines().map(|line| format!("| {line}\n")).collect();
            format!("fixed:\n{lines}")
        }
        None => String::new(),
    }
}

/// An mkosi tree fixture after every fix of `rule`: each file the fixes changed, named, its
/// lines behind `| `.
fn fixed_tree(rule: &'static plumb_core::rules::Rule, directory: &Path) -> String {
    use plumb_core::fix::{FixLevel, fix_workspace};
    use plumb_core::{FileKind, Workspace};
    let mut workspace = Workspace::new();
    let mut names: Vec<String> = fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let contents = fs::read(directory.join(name)).unwrap();
        match FileKind::detect(name) {
            Some(kind) => workspace.add_file(name.as_str(), kind, contents),
            None => workspace.add_input(name.as_str(), contents),
        }
    }
    let fixed = fix_workspace(&workspace, FixLevel::Unsafe, Some(rule));
    let mut text = String::new();
    for (name, contents) in &fixed.files {
        let lines: String = contents.lines().map(|line| format!("| {line}\n")).collect();
        text.push_str(&format!("fixed {name}:\n{lines}"));
    }
    text
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
            "{}: no tests/fixtures/rules/{}/fail*.Dockerfile (or fail*.compose.yaml)",
            rule.code,
            rule.code
        );
        assert!(
            named("pass"),
            "{}: no tests/fixtures/rules/{}/pass*.Dockerfile (or pass*.compose.yaml)",
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
    for (file, findings) in reports(&files) {
        let code = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut report: String = findings
            .iter()
            .filter(|(found, _)| *found == code)
            .map(|(_, block)| block.as_str())
            .collect();
        let fires = !report.is_empty();
        if let Some(rule) = rules::find(&code) {
            report.push_str(&fixed_text(rule, &file));
        }
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
        let Ok(expected) = fs::read_to_string(&snapshot) else {
            problems.push(format!(
                "{}: no snapshot (PLUMB_UPDATE_SNAPSHOTS=1 writes it)",
                snapshot.display()
            ));
            continue;
        };
        if expected != report {
            problems.push(format!(
                "{}: output differs from {} (PLUMB_UPDATE_SNAPSHOTS=1 rewrites it)\n--- expected\n{expected}--- actual\n{report}",
                file.display(),
                snapshot.display()
            ));
        }
    }
    // A snapshot whose Dockerfile is gone would go on looking tested.
    for rule_directory in fs::read_dir(fixture_root()).unwrap() {
        for entry in fs::read_dir(rule_directory.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "snap")
                && !path.with_extension("Dockerfile").is_file()
                && !path.with_extension("yaml").is_file()
                && !path.with_extension("json").is_file()
                && !path.with_extension("conf").is_file()
                && !path.with_extension("").is_dir()
            {
                problems.push(format!(
                    "{}: a snapshot without its fixture",
                    path.display()
                ));
            }
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
        // An mkosi tree's fixes are checked by its snapshot (`fixed_tree`).
        for file in failing.filter(|file| file.is_file()) {
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
