//! Differential test: plumb's first-layer Dockerfile parser against BuildKit's own parser.
//!
//! The oracle is BuildKit v0.12.5's `frontend/dockerfile/parser`, as wrapped by the PyPI
//! package `dockerfile` 3.4.0 (`tests/oracles/buildkit_dump.py` dumps its result as JSON).
//! Every file of `tests/corpus/dockerfile` is parsed by both, and compared instruction by
//! instruction: keyword, ONBUILD trigger, exec form, flags, values, heredocs, lines and the
//! joined source line. A file also agrees when both reject it: the oracle fails exactly when
//! plumb reports a first-layer syntax error.
//!
//! plumb follows current BuildKit, which differs from v0.12.5 in a few places. Files showing
//! such a difference are listed in `tests/corpus/dockerfile/version-differences.toml`; they
//! are counted apart and must disagree. Any other disagreement fails the test.
//!
//! Run: `cargo test -p plumb-cli --test differential_buildkit
//! -- --nocapture` with `PLUMB_TEST_PYTHON` set (scripts/test sets it).

use plumb_tests::fixtures::dockerfiles_in;
use plumb_tests::plumb::workspace_root;

plumb_tests::use_plumb_binary!();
use plumb_tests::prerequisites::require;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// plumb's diagnostics that BuildKit's first layer raises as errors (it stops at the first):
/// heredoc, directive, JSON, empty file and line length errors.
const FIRST_LAYER_ERRORS: [&str; 6] = ["DF002", "DF003", "DF004", "DF005", "DF006", "DF007"];

/// DF008 (ENV/LABEL/ARG syntax) is raised by both layers; these are the first layer's messages
/// (blank names are only rejected by the second).
const FIRST_LAYER_KEY_VALUE_ERRORS: [&str; 2] = ["must have two arguments", "can't find = in"];

fn is_first_layer_error(diagnostic: &Value) -> bool {
    let code = diagnostic["code"].as_str().unwrap_or_default();
    let message = diagnostic["message"].as_str().unwrap_or_default();
    FIRST_LAYER_ERRORS.contains(&code)
        || (code == "DF008"
            && FIRST_LAYER_KEY_VALUE_ERRORS
                .iter()
                .any(|first_layer| message.contains(first_layer)))
}

const CORPUS: &str = "tests/corpus/dockerfile";
const ORACLE: &str = "tests/oracles/buildkit_dump.py";
const VERSION_DIFFERENCES: &str = "tests/corpus/dockerfile/version-differences.toml";

/// The test Python, when it exists and can import BuildKit's parser.
fn oracle_python() -> Option<PathBuf> {
    let python = PathBuf::from(std::env::var_os("PLUMB_TEST_PYTHON")?);
    let imports = Command::new(&python)
        .args(["-c", "import dockerfile"])
        .output()
        .is_ok_and(|output| output.status.success());
    imports.then_some(python)
}

fn corpus_files(root: &Path) -> Vec<String> {
    dockerfiles_in(&root.join(CORPUS))
        .iter()
        .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
        .collect()
}

/// Runs the oracle once over the whole corpus: file name → its result.
fn oracle_results(python: &Path, root: &Path, files: &[String]) -> BTreeMap<String, Value> {
    let output = Command::new(python)
        .arg(root.join(ORACLE))
        .args(files.iter().map(|file| format!("{CORPUS}/{file}")))
        .current_dir(root)
        .output()
        .expect("the oracle runs");
    assert!(
        output.status.success(),
        "the oracle failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // BuildKit's shell lexer may print scanner complaints (e.g. about NUL bytes) on stderr;
    // they are not part of the result.
    let results: BTreeMap<String, Value> =
        serde_json::from_slice(&output.stdout).expect("the oracle prints one JSON object");
    results
        .into_iter()
        .map(|(path, result)| {
            let file = path
                .strip_prefix(&format!("{CORPUS}/"))
                .unwrap_or(&path)
                .to_owned();
            (file, result)
        })
        .collect()
}

/// One entry of version-differences.toml.
#[derive(Debug, Clone)]
struct VersionDifference {
    category: String,
    explanation: String,
    /// `path#test_name`: the unit test of plumb's (current BuildKit's) behaviour.
    head_test: String,
}

/// Reads the small TOML subset the list uses: `["file"]` tables of `key = "string"` lines.
fn version_differences(root: &Path) -> BTreeMap<String, VersionDifference> {
    let text = std::fs::read_to_string(root.join(VERSION_DIFFERENCES))
        .expect("version-differences.toml exists");
    let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        let location = format!("{VERSION_DIFFERENCES}:{}", index + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let name = toml_string(header.trim())
                .unwrap_or_else(|| panic!("{location}: table name must be a quoted string"));
            assert!(
                tables.insert(name.clone(), BTreeMap::new()).is_none(),
                "{location}: {name} listed twice"
            );
            current = Some(name);
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("{location}: expected key = \"value\""));
        let value = toml_string(value.trim())
            .unwrap_or_else(|| panic!("{location}: value must be a basic string"));
        let table = current
            .as_ref()
            .unwrap_or_else(|| panic!("{location}: key outside a table"));
        tables
            .get_mut(table)
            .expect("table was inserted")
            .insert(key.trim().to_owned(), value);
    }
    tables
        .into_iter()
        .map(|(file, mut fields)| {
            let mut take = |key: &str| {
                fields
                    .remove(key)
                    .unwrap_or_else(|| panic!("{VERSION_DIFFERENCES}: {file} has no {key}"))
            };
            let difference = VersionDifference {
                category: take("category"),
                explanation: take("explanation"),
                head_test: take("head_test"),
            };
            assert!(
                fields.is_empty(),
                "{VERSION_DIFFERENCES}: {file} has unknown keys {:?}",
                fields.keys()
            );
            (file, difference)
        })
        .collect()
}

/// A TOML basic string (`"…"` with `\"` and `\\` escapes).
fn toml_string(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut value = String::new();
    let mut chars = inner.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => match chars.next()? {
                '"' => value.push('"'),
                '\\' => value.push('\\'),
                _ => return None,
            },
            '"' => return None,
            _ => value.push(ch),
        }
    }
    Some(value)
}

/// The oracle receives strings as C strings: everything after a NUL byte is lost.
fn c_string(text: &str) -> String {
    text.split('\0').next().unwrap_or_default().to_owned()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(c_string).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// The wrapper turns an empty string into `None`.
fn optional_string(value: &Value) -> String {
    value.as_str().map(c_string).unwrap_or_default()
}

/// One field that differs.
#[derive(Debug)]
struct Difference {
    line: u64,
    field: &'static str,
    plumb: String,
    oracle: String,
}

/// Compares one instruction; returns the fields that differ.
fn compare_instruction(plumb: &Value, oracle: &Value) -> Vec<Difference> {
    let line = plumb["start_line"].as_u64().unwrap_or_default();
    let mut differences = Vec::new();
    let mut check = |field: &'static str, plumb: String, oracle: String| {
        if plumb != oracle {
            differences.push(Difference {
                line,
                field,
                plumb,
                oracle,
            });
        }
    };
    // The wrapper reports an ONBUILD's trigger in place of the instruction itself, except
    // for the keyword, the flags, the lines and the source line.
    let trigger = plumb.get("trigger");
    let target = trigger.unwrap_or(plumb);

    check(
        "keyword",
        optional_string(&plumb["keyword"]),
        optional_string(&oracle["cmd"]),
    );
    check(
        "trigger",
        trigger
            .map(|trigger| optional_string(&trigger["keyword"]))
            .unwrap_or_default(),
        optional_string(&oracle["sub_cmd"]),
    );
    check(
        "exec form",
        (target["form"] == "exec").to_string(),
        oracle["json"].as_bool().unwrap_or_default().to_string(),
    );
    check(
        "flags",
        format!("{:?}", strings(&plumb["flags"])),
        format!("{:?}", strings(&oracle["flags"])),
    );
    let mut values = strings(&target["arguments"]);
    // A nested ONBUILD's node chain is one empty node that holds its own trigger.
    if target.get("trigger").is_some() {
        values = vec![String::new()];
    }
    // v0.12.5 keeps ENV and LABEL as key, value pairs; current BuildKit (and plumb) add the
    // separator as a third node.
    if matches!(target["instruction"].as_str(), Some("ENV" | "LABEL")) {
        values = values
            .chunks(3)
            .flat_map(|triple| triple.iter().take(2).cloned())
            .collect();
    }
    check(
        "values",
        format!("{values:?}"),
        format!("{:?}", strings(&oracle["value"])),
    );
    let oracle_heredocs = oracle["heredocs"].as_array().cloned().unwrap_or_default();
    // The wrapper reads an ONBUILD's heredocs from the trigger node, which has none: BuildKit
    // attaches them to the ONBUILD node.
    if trigger.is_none() {
        let heredocs = |list: &[Value], fd: &dyn Fn(&Value) -> i64| {
            list.iter()
                .map(|heredoc| {
                    format!(
                        "{:?} fd={} {:?}",
                        optional_string(&heredoc["name"]),
                        fd(&heredoc["file_descriptor"]),
                        optional_string(&heredoc["content"])
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        check(
            "heredocs",
            heredocs(
                plumb["heredocs"].as_array().map_or(&[], Vec::as_slice),
                // Handed to Python as a C long.
                &|fd| fd.as_u64().unwrap_or_default() as i64,
            ),
            heredocs(&oracle_heredocs, &|fd| fd.as_i64().unwrap_or_default()),
        );
    }
    check(
        "start_line",
        plumb["start_line"].to_string(),
        oracle["start_line"].to_string(),
    );
    check(
        "end_line",
        plumb["end_line"].to_string(),
        oracle["end_line"].to_string(),
    );
    check(
        "original",
        optional_string(&plumb["original"]),
        original_without_heredocs(oracle, &oracle_heredocs),
    );
    differences
}

/// The wrapper appends `"\n"` and then `content + name + "\n"` per heredoc to `original`.
fn original_without_heredocs(oracle: &Value, heredocs: &[Value]) -> String {
    let original = optional_string(&oracle["original"]);
    if heredocs.is_empty() {
        return original;
    }
    let appendix: String = std::iter::once("\n".to_owned())
        .chain(heredocs.iter().map(|heredoc| {
            format!(
                "{}{}\n",
                optional_string(&heredoc["content"]),
                optional_string(&heredoc["name"])
            )
        }))
        .collect();
    original
        .strip_suffix(&appendix)
        .map_or(original.clone(), str::to_owned)
}

/// The outcome for one file.
#[derive(Debug, Default)]
struct FileOutcome {
    both_reject: bool,
    instructions_compared: usize,
    instructions_agreeing: usize,
    differences: Vec<Difference>,
}

fn compare_file(plumb: &Value, oracle: &Value) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let plumb_errors: Vec<String> = plumb["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|diagnostic| is_first_layer_error(diagnostic))
        .map(|diagnostic| {
            format!(
                "{} {} (line {})",
                diagnostic["code"].as_str().unwrap_or_default(),
                diagnostic["message"].as_str().unwrap_or_default(),
                diagnostic["line"]
            )
        })
        .collect();
    let oracle_ok = oracle["ok"].as_bool().unwrap_or_default();
    match (plumb_errors.is_empty(), oracle_ok) {
        (false, false) => {
            outcome.both_reject = true;
            return outcome;
        }
        (true, true) => {}
        (plumb_ok, _) => {
            outcome.differences.push(Difference {
                line: 0,
                field: "error",
                plumb: if plumb_ok {
                    "accepted".to_owned()
                } else {
                    plumb_errors.join("; ")
                },
                oracle: if oracle_ok {
                    "accepted".to_owned()
                } else {
                    format!("error: {}", optional_string(&oracle["error"]))
                },
            });
            return outcome;
        }
    }
    let plumb_instructions = plumb["instructions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let oracle_instructions = oracle["instructions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    outcome.instructions_compared = plumb_instructions.len().max(oracle_instructions.len());
    for (plumb_instruction, oracle_instruction) in
        plumb_instructions.iter().zip(&oracle_instructions)
    {
        let differences = compare_instruction(plumb_instruction, oracle_instruction);
        if differences.is_empty() {
            outcome.instructions_agreeing += 1;
        }
        outcome.differences.extend(differences);
    }
    if plumb_instructions.len() != oracle_instructions.len() {
        let keywords = |list: &[Value], key: &str| {
            list.iter()
                .map(|instruction| optional_string(&instruction[key]))
                .collect::<Vec<_>>()
                .join(" ")
        };
        outcome.differences.push(Difference {
            line: 0,
            field: "instruction count",
            plumb: format!(
                "{}: {}",
                plumb_instructions.len(),
                keywords(&plumb_instructions, "keyword")
            ),
            oracle: format!(
                "{}: {}",
                oracle_instructions.len(),
                keywords(&oracle_instructions, "cmd")
            ),
        });
    }
    outcome
}

/// Shortens long values (the corpus has 64 KiB lines) for the report.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 160;
    if text.chars().count() <= LIMIT {
        return text.to_owned();
    }
    let head: String = text.chars().take(LIMIT).collect();
    format!("{head}… ({} chars)", text.chars().count())
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Checks that each `path#test` names a test function that exists.
fn check_head_tests(root: &Path, differences: &BTreeMap<String, VersionDifference>) {
    for (file, difference) in differences {
        let (path, test) = difference.head_test.split_once('#').unwrap_or_else(|| {
            panic!("{VERSION_DIFFERENCES}: {file}: head_test must be path#test_name")
        });
        let source = std::fs::read_to_string(root.join(path))
            .unwrap_or_else(|error| panic!("{VERSION_DIFFERENCES}: {file}: {path}: {error}"));
        assert!(
            source.contains(&format!("fn {test}()")),
            "{VERSION_DIFFERENCES}: {file}: no test `{test}` in {path}"
        );
    }
}

#[test]
fn plumb_parses_the_corpus_like_buildkit() {
    let python = oracle_python();
    if !require(
        "PLUMB_TEST_PYTHON with the PyPI package `dockerfile` (BuildKit v0.12.5's parser), set up by scripts/test",
        python.is_some(),
    ) {
        return;
    }
    let python = python.expect("checked above");
    let root = workspace_root();
    let files = corpus_files(&root);
    assert!(
        files.len() >= 160,
        "the corpus has only {} files",
        files.len()
    );
    let differences_list = version_differences(&root);
    for file in differences_list.keys() {
        assert!(
            files.contains(file),
            "{VERSION_DIFFERENCES} lists {file}, which is not in the corpus"
        );
    }
    check_head_tests(&root, &differences_list);
    let oracle = oracle_results(&python, &root, &files);

    let mut report = String::new();
    let mut failures = Vec::new();
    let (mut files_agreeing, mut both_reject, mut explained, mut unexplained) = (0, 0, 0, 0);
    let (mut compared, mut agreeing) = (0, 0);
    let (mut unexplained_compared, mut unexplained_agreeing) = (0, 0);
    let mut explained_report = String::new();
    let mut unexplained_report = String::new();
    for file in &files {
        let run = plumb(&root, &["dump", &format!("{CORPUS}/{file}")]);
        assert_eq!(run.code, 0, "plumb dump {file} failed: {}", run.stderr);
        let oracle_result = oracle
            .get(file)
            .unwrap_or_else(|| panic!("the oracle has no result for {file}"));
        let outcome = compare_file(&run.json(), oracle_result);
        compared += outcome.instructions_compared;
        agreeing += outcome.instructions_agreeing;
        let listed = differences_list.get(file);
        if listed.is_none() {
            unexplained_compared += outcome.instructions_compared;
            unexplained_agreeing += outcome.instructions_agreeing;
        }
        both_reject += usize::from(outcome.both_reject);
        let mut lines = String::new();
        for difference in &outcome.differences {
            let _ = writeln!(
                lines,
                "    {file}:{} {}: plumb {} | oracle {}",
                difference.line,
                difference.field,
                shorten(&difference.plumb),
                shorten(&difference.oracle)
            );
        }
        match (listed, outcome.differences.is_empty()) {
            (None, true) => files_agreeing += 1,
            (None, false) => {
                unexplained += 1;
                failures.push(format!("{file} disagrees with BuildKit v0.12.5"));
                unexplained_report.push_str(&lines);
            }
            (Some(difference), false) => {
                explained += 1;
                let _ = writeln!(
                    explained_report,
                    "  {file} [{}] {}",
                    difference.category, difference.explanation
                );
                explained_report.push_str(&lines);
            }
            (Some(difference), true) => failures.push(format!(
                "{file} is listed as a version difference ({}) but agrees with v0.12.5",
                difference.category
            )),
        }
    }

    let _ = writeln!(
        report,
        "\nplumb vs BuildKit v0.12.5 (PyPI `dockerfile` 3.4.0), corpus {CORPUS}"
    );
    let _ = writeln!(report, "  {:<42}{:>8}", "files compared", files.len());
    let _ = writeln!(
        report,
        "  {:<42}{:>8}  ({:.1}%)",
        "files agreeing",
        files_agreeing,
        percent(files_agreeing, files.len())
    );
    let _ = writeln!(
        report,
        "  {:<42}{:>8}",
        "  of which both reject the file", both_reject
    );
    let _ = writeln!(
        report,
        "  {:<42}{:>8}",
        "files with explained version differences", explained
    );
    let _ = writeln!(
        report,
        "  {:<42}{:>8}",
        "files with unexplained disagreements", unexplained
    );
    let _ = writeln!(report, "  {:<42}{:>8}", "instructions compared", compared);
    let _ = writeln!(
        report,
        "  {:<42}{:>8}  ({:.1}%)",
        "instructions agreeing",
        agreeing,
        percent(agreeing, compared)
    );
    let _ = writeln!(
        report,
        "  {:<42}{:>8}  ({:.1}%)",
        "  outside explained version differences",
        unexplained_agreeing,
        percent(unexplained_agreeing, unexplained_compared)
    );
    if !explained_report.is_empty() {
        let _ = writeln!(report, "\nexplained version differences:");
        report.push_str(&explained_report);
    }
    if !unexplained_report.is_empty() {
        let _ = writeln!(report, "\nunexplained disagreements:");
        report.push_str(&unexplained_report);
    }
    // Straight to stdout so that `--nocapture` shows the table even when the test passes.
    let _ = std::io::stdout().write_all(report.as_bytes());
    assert!(
        failures.is_empty(),
        "{} problem(s):\n  {}\n{report}",
        failures.len(),
        failures.join("\n  ")
    );
}
