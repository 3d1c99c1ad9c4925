//! `plumb dump PATH`: the parsed Dockerfile as JSON, for people and for differential tests;
//! with `--resolved`, also its stages and expanded values.

use crate::cli::DumpArgs;
use crate::discover::looks_binary;
use anyhow::{Context, Result, bail};
use plumb_core::SourceFile;
use plumb_core::dockerfile::{self, Arguments, Instruction, Keyword};
use plumb_core::options::Options;
use serde_json::{Value, json};
use std::process::ExitCode;

pub fn run(arguments: &DumpArgs) -> Result<ExitCode> {
    let path = &arguments.path;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if looks_binary(&bytes) {
        bail!("{} is a binary file, not a Dockerfile", path.display());
    }
    let file = SourceFile::new(path.display().to_string(), String::from_utf8_lossy(&bytes));
    // The dump is about reading the file: only what stops BuildKit (syntax rules) is shown.
    let options = Options {
        target_platform: arguments.platform.clone(),
        ..Options::default()
    };
    let (document, mut diagnostics) = dockerfile::parse_document(&file, &options, None);
    dockerfile::check_document(&file, &document, Default::default(), &mut diagnostics);
    let parsed = &document.dockerfile;
    diagnostics
        .retain(|diagnostic| diagnostic.rule.category() == plumb_core::rules::Category::Syntax);
    diagnostics.sort_by(|left, right| left.sort_key().cmp(&right.sort_key()));
    let mut dump = json!({
        "file": file.path(),
        "escape": parsed.escape.to_string(),
        "directives": parsed.directives.iter().map(|directive| json!({
            "name": directive.name,
            "value": directive.value,
            "line": file.position(directive.span.start).line,
        })).collect::<Vec<_>>(),
        "instructions": parsed.instructions.iter().map(|instruction| instruction_json(&file, instruction)).collect::<Vec<_>>(),
        "diagnostics": diagnostics.iter().map(|diagnostic| {
            let start = file.position(diagnostic.span.start);
            json!({
                "code": diagnostic.code(),
                "severity": diagnostic.severity,
                "message": diagnostic.message,
                "line": start.line,
                "column": start.column,
            })
        }).collect::<Vec<_>>(),
    });
    if arguments.resolved {
        dump["resolved"] = serde_json::to_value(&document.resolution)?;
    }
    println!("{}", serde_json::to_string_pretty(&dump)?);
    Ok(ExitCode::SUCCESS)
}

fn instruction_json(file: &SourceFile, instruction: &Instruction) -> Value {
    let mut value = json!({
        "keyword": instruction.keyword.value,
        "instruction": instruction.kind.map(Keyword::as_str),
        "flags": instruction.flags.iter().map(|flag| flag.text.as_str()).collect::<Vec<_>>(),
        "arguments": instruction.arguments.values(),
        "form": form(instruction),
        "heredocs": instruction.heredocs.iter().map(|heredoc| json!({
            "name": heredoc.name,
            "file_descriptor": heredoc.file_descriptor,
            "expand": heredoc.expand,
            "chomp": heredoc.chomp,
            "content": heredoc.content,
        })).collect::<Vec<_>>(),
        "start_line": line_of(file, instruction, true),
        "end_line": line_of(file, instruction, false),
        "original": instruction.original,
    });
    if let Arguments::Trigger(trigger) = &instruction.arguments {
        value["trigger"] = instruction_json(file, trigger);
    }
    value
}

/// Instructions at the top level know their lines; an ONBUILD trigger takes them from its span.
fn line_of(file: &SourceFile, instruction: &Instruction, start: bool) -> usize {
    match (start, instruction.start_line, instruction.end_line) {
        (true, 0, _) => file.position(instruction.span.start).line,
        (false, _, 0) => file.position(instruction.span.end).line,
        (true, line, _) | (false, _, line) => line,
    }
}

/// `exec` for the JSON form, `shell` where a command in shell form runs through the shell.
fn form(instruction: &Instruction) -> Option<&'static str> {
    let runs_a_command = matches!(
        instruction.kind,
        Some(
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Shell
                | Keyword::Healthcheck
        )
    );
    if instruction.arguments.is_exec_form() {
        Some("exec")
    } else if runs_a_command && !matches!(instruction.arguments, Arguments::None) {
        Some("shell")
    } else {
        None
    }
}
