//! DF221: `apt-get update` in a RUN that installs nothing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF221",
    name: "apt-update-alone",
    title: "apt-get update in a RUN that installs nothing",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit caches each RUN by its text. A RUN with only `apt-get update` is \
built once and then reused: a later `apt-get install` in another RUN keeps installing from that \
old index, and fails once the mirror has dropped the versions it names, or silently misses \
updates, until the cache is cleared. Docker's best practices and the CIS Docker benchmark \
(4.7) ask for `apt-get update && apt-get install …` in one RUN, so that both are rebuilt \
together.\n\n\
A RUN counts as installing nothing when, besides `update`, it only cleans (`apt-get clean`, \
`rm`) or prints."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    )),
};

const HARMLESS: [&str; 6] = ["set", "echo", "true", ":", "rm", "printf"];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        let mut update = None;
        let mut alone = true;
        for (index, command) in script.commands.iter().enumerate() {
            let package = script
                .package_command(index)
                .filter(|package| package.manager.is_apt());
            match package {
                Some(package) if package.subcommand() == "update" => {
                    update.get_or_insert((command, package.manager.name()));
                }
                Some(package) if matches!(package.subcommand(), "clean" | "autoclean") => {}
                Some(_) => alone = false,
                None => {
                    let program = command.program();
                    if program.is_some_and(|name| !HARMLESS.contains(&name)) {
                        alone = false;
                    }
                }
            }
        }
        if let (Some((command, name)), true) = (update, alone) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                script.command_span(command),
                format!(
                    "`{name} update` in a RUN that installs nothing: later RUNs install from a stale cached index; run `{name} update && {name} install …` in one RUN"
                ),
            ));
        }
    }
}
