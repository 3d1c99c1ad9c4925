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

/// One row per rule under a header, each column as wide as its longest cell, so the columns
/// stay aligned whatever the codes, names and titles.
fn table() -> String {
    let header = ["CODE", "SEVERITY", "CATEGORY", "NAME", "TITLE"];
    let rows: Vec<[&str; 5]> = rules::all()
        .iter()
        .map(|rule| {
            [
                rule.code,
                rule.severity.as_str(),
                rule.category().title(),
                rule.name,
                rule.title,
            ]
        })
        .collect();
    aligned(header, &rows)
}

/// The rows under the header, cells separated by one space and padded to their column's
/// width (in characters); the last column is not padded.
fn aligned<const N: usize>(header: [&str; N], rows: &[[&str; N]]) -> String {
    let mut widths = [0; N];
    for row in std::iter::once(&header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        for (column, cell) in row.iter().enumerate() {
            if column + 1 == N {
                out.push_str(cell);
            } else {
                let _ = write!(out, "{cell:<width$} ", width = widths[column]);
            }
        }
        out.push('\n');
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
            Example::Files(files) => {
                for (path, text) in files.iter() {
                    let _ = writeln!(out, "    # {path}:");
                    for line in text.lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::aligned;

    #[test]
    fn columns_are_as_wide_as_their_longest_cell() {
        let text = aligned(
            ["CODE", "NAME", "TITLE"],
            &[["DF1", "a-very-long-name", "one"], ["DF10000", "b", "two"]],
        );
        assert_eq!(
            text,
            "CODE    NAME             TITLE\nDF1     a-very-long-name one\nDF10000 b                two\n"
        );
    }
}
