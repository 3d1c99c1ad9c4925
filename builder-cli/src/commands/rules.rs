//! `plumb rules [CODE]`: the rule table, or one rule's documentation.

use crate::cli::RulesArgs;
use anyhow::{Result, bail};
use plumb_core::rules::{self, Example, Rule};
use std::fmt::Write;
use std::process::ExitCode;

pub fn run(arguments: &RulesArgs) -> Result<ExitCode> {
    let text = match &arguments.code {
        None if arguments.markdown => rules::reference::markdown(),
        None => table(),
        Some(code) => match rules::find(code) {
            Some(rule) => explain(rule),
            None => {
                let mapped = rules::find_by_upstream(code);
                if mapped.is_empty() {
                    bail!("unknown rule `{code}` (run `plumb rules` for the list)");
                }
                mapped
                    .into_iter()
                    .map(explain)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        },
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn table() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<7} {:<8} {:<16} {:<26} TITLE",
        "CODE", "SEVERITY", "CATEGORY", "NAME"
    );
    for rule in rules::all() {
        let _ = writeln!(
            out,
            "{:<7} {:<8} {:<16} {:<26} {}",
            rule.code,
            rule.severity.as_str(),
            rule.category().title(),
            rule.name,
            rule.title
        );
    }
    out
}

fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}: {}", rule.code, rule.name, rule.title);
    let _ = writeln!(
        out,
        "{} {} rule, default severity {}",
        rule.family().title(),
        rule.category().title(),
        rule.severity
    );
    for upstream in rule.upstream {
        let _ = writeln!(out, "Same as {}: {}", upstream.tool(), upstream.code());
    }
    let _ = writeln!(out, "\n{}\n", rule.explanation);
    for (heading, example) in [
        ("Fails", rule.failing_example),
        ("Passes", rule.passing_example),
    ] {
        let _ = writeln!(out, "{heading}:");
        match example {
            Example::Text(text) => {
                for line in text.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
            Example::Built { description, .. } => {
                let _ = writeln!(out, "    ({description})");
            }
            Example::WithDockerignore {
                dockerfile,
                dockerignore,
            } => {
                let _ = writeln!(out, "    # .dockerignore:");
                for line in dockerignore.lines() {
                    let _ = writeln!(out, "    #   {line}");
                }
                for line in dockerfile.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
    }
    out
}
