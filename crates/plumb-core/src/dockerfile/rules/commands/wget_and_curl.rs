//! DF423: both `wget` and `curl` in one stage.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{basename, effective_argv};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF423",
    name: "wget-and-curl",
    title: "Both wget and curl used",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL4001")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Using both `wget` and `curl` in one stage means both must be installed, \
and kept up to date, for the same job. Pick one.\n\n\
Differences from hadolint: DL4001 is a warning reported on every RUN after both have been \
seen; plumb reports once per stage, at the first use of the second tool, as advice."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN wget -q https://example.com/a.tar.gz\nRUN curl -fsSLO https://example.com/b.tar.gz\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN curl -fsSLO https://example.com/a.tar.gz\nRUN curl -fsSLO https://example.com/b.tar.gz\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // Per stage: the first use of each tool.
    let mut seen: BTreeMap<usize, ([Option<Span>; 2], bool)> = BTreeMap::new();
    for script in context.run_scripts() {
        for command in script.commands {
            let Some(program) = effective_argv(command).first() else {
                continue;
            };
            let tool = match basename(&program.value) {
                "curl" => 0,
                "wget" => 1,
                _ => continue,
            };
            let span = script.span(program.start, program.end);
            let (first, reported) = seen.entry(script.stage).or_insert(([None, None], false));
            if first[tool].is_none() {
                first[tool] = Some(span);
            }
            if *reported {
                continue;
            }
            if let Some(other) = first[1 - tool] {
                *reported = true;
                let names = ["curl", "wget"];
                diagnostics.push(
                    Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "this stage uses both `{}` and `{}`: use one of them",
                            names[1 - tool],
                            names[tool]
                        ),
                    )
                    .with_label(other, format!("`{}` used here", names[1 - tool])),
                );
            }
        }
    }
}
