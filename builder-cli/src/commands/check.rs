//! `plumb check`: analyse files and report findings.

use crate::cli::{CheckArgs, FailLevel, Format};
use crate::discover::{InvalidConfig, Problem, Request, load_workspace};
use crate::fixing::{FixMode, fix_files};
use crate::parallel;
use crate::render;
use crate::style::Style;
use anyhow::{Result, bail};
use plumb_core::config::FailThreshold;
use plumb_core::fix::FixLevel;
use plumb_core::rules::{self, Rule};
use plumb_core::{Analysis, Severity, SourceFile, Workspace, analyze_part, complete};
use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

pub fn run(arguments: &CheckArgs) -> Result<ExitCode> {
    let request = Request {
        paths: &arguments.paths,
        kind: arguments.kind.map(|kind| kind.file_kind()),
        stdin_filename: arguments.stdin_filename.as_deref(),
        config: arguments.config.as_deref(),
        with_locks: true,
    };
    let ignored = ignored_rules(&arguments.ignore)?;
    if arguments.fix && !arguments.diff && request.reads_stdin() {
        bail!("--fix cannot write to standard input (--diff shows the fixes)");
    }
    let mut loaded = match load_workspace(&request)? {
        Ok(loaded) => loaded,
        Err(invalid) => {
            report_invalid_config(&invalid);
            return Ok(ExitCode::from(2));
        }
    };
    for rule in ignored {
        loaded.workspace.ignore(rule);
    }
    loaded.workspace.options.target_platform = arguments.platform.clone();
    let mode = match (arguments.fix, arguments.diff) {
        (_, true) => Some(FixMode::Diff),
        (true, false) => Some(FixMode::Write),
        (false, false) => None,
    };
    report_problems(&loaded.problems);
    if let Some(mode) = mode {
        let level = if arguments.unsafe_fixes {
            FixLevel::Unsafe
        } else {
            FixLevel::Safe
        };
        let outcome = fix_files(&mut loaded, mode, level)?;
        if mode == FixMode::Diff {
            print!("{}", outcome.diff);
            return Ok(exit_code(&loaded.problems, outcome.fixed));
        }
        eprintln!("{}", outcome.summary());
    }
    let analysis = analyze_in_parallel(&loaded.workspace, loaded.real_paths.len());
    let mut stdout = std::io::stdout().lock();
    let problems = &loaded.problems;
    let written = match arguments.format {
        Format::Human => stdout.write_all(
            render::human::render(&analysis, Style::stdout(), problems.len()).as_bytes(),
        ),
        Format::Json => render::json::write(&analysis, &mut stdout),
        Format::Sarif => stdout.write_all(render::sarif::render(&analysis, problems).as_bytes()),
    };
    // A closed pipe (`plumb check | head`) is not an error worth reporting.
    let _ = written.and_then(|()| stdout.flush());
    let default = FailThreshold::At(Severity::Warning);
    let failing = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| {
            let threshold = arguments
                .fail_level
                .map(FailLevel::threshold)
                .or_else(|| loaded.workspace.fail_threshold(&diagnostic.file));
            threshold.unwrap_or(default).fails(diagnostic.severity)
        })
        .count();
    let code = exit_code(problems, failing);
    // The process ends here: freeing every file and finding one by one would only cost time.
    std::mem::forget((loaded, analysis));
    Ok(code)
}

/// 2 when a path could not be checked (each one said so on standard error, before the
/// findings of the others), else 1 when findings reach the fail level.
fn exit_code(problems: &[Problem], failing: usize) -> ExitCode {
    if problems.is_empty() {
        ExitCode::from(u8::from(failing > 0))
    } else {
        ExitCode::from(2)
    }
}

fn report_problems(problems: &[Problem]) {
    let mut stderr = std::io::stderr().lock();
    for problem in problems {
        let _ = writeln!(stderr, "{problem}");
    }
}

/// The rules `--ignore` names: a plumb code names one rule, an upstream code every rule that
/// lists it, as in plumb.toml's `ignore`. The workspace applies them after plumb.toml and
/// inline suppressions, so the command line has the last word.
fn ignored_rules(names: &[String]) -> Result<BTreeSet<&'static Rule>> {
    let mut ignored = BTreeSet::new();
    for name in names {
        let name = name.trim();
        let named: Vec<&'static Rule> = rules::all()
            .iter()
            .copied()
            .filter(|rule| rule.answers_to(name))
            .collect();
        if named.is_empty() {
            bail!("--ignore {name}: unknown rule (see `plumb rules`)");
        }
        ignored.extend(named);
    }
    Ok(ignored)
}

/// Analyses the `files` checked files on every core (one file per core at least): the core
/// is pure, so parts can run side by side.
fn analyze_in_parallel(workspace: &Workspace, files: usize) -> Analysis {
    let parts: Vec<usize> = (0..parallel::cores().min(files).max(1)).collect();
    let analysed = parallel::map_parts(&parts, |&part| analyze_part(workspace, part, parts.len()));
    complete(workspace, analysed)
}

/// A broken `plumb.toml` is a usage error: show where, like any other finding.
fn report_invalid_config(invalid: &InvalidConfig) {
    let file = SourceFile::new(invalid.path.clone(), invalid.text.clone());
    let position = file.position(invalid.error.span.start);
    let style = Style::stderr();
    eprintln!(
        "{}: invalid configuration {}:{}:{}: {}",
        style.error("error"),
        invalid.path,
        position.line,
        position.column,
        invalid.error.message
    );
    let line = file.slice(file.line_span(position.line - 1));
    eprintln!("  | {line}");
    let width = invalid.error.span.len().max(1);
    eprintln!(
        "  | {}{}",
        " ".repeat(position.column - 1),
        "^".repeat(width.min(line.len().max(1)))
    );
}
