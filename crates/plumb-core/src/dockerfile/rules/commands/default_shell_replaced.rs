//! DF424: replacing `/bin/sh` instead of using SHELL.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Options, Syntax, basename, effective_argv};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF424",
    name: "default-shell-replaced",
    title: "Replacing /bin/sh instead of using SHELL",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL4005")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Linking `/bin/sh` to another shell (`ln -sf /bin/bash /bin/sh`) changes the \
shell of every later RUN without saying so where it matters, and also of every script in the \
image that expects a POSIX `sh`, and of the distribution's own maintainer scripts. To run RUN \
instructions with another shell, say so: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`.\n\n\
Reported for `ln`, `cp` and `mv` whose destination is `/bin/sh` or `/usr/bin/sh`. \
Differences from hadolint: DL4005 reports any `ln` that mentions `/bin/sh`, including links \
that only point at it."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN ln -s /bin/sh /usr/local/bin/posix-sh\n",
    )),
};

static LINK: Syntax = Syntax {
    long_with_value: &["target-directory", "suffix", "backup"],
    short_with_value: "tS",
    single_dash_long: false,
};

const SHELL_PATHS: [&str; 2] = ["/bin/sh", "/usr/bin/sh"];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for command in script.commands {
            let argv = effective_argv(command);
            let Some((program, arguments)) = argv.split_first() else {
                continue;
            };
            let name = basename(&program.value);
            if !matches!(name, "ln" | "cp" | "mv") {
                continue;
            }
            let options = Options::parse(arguments, &LINK);
            if options.operands.len() < 2 {
                continue;
            }
            let Some(destination) = options.operands.last() else {
                continue;
            };
            if !SHELL_PATHS.contains(&destination.value.as_str()) {
                continue;
            }
            diagnostics.push(Diagnostic::new(
                &RULE,
                script.command_span(command),
                format!(
                    "`{name}` replaces {}: use a SHELL instruction to run RUN with another shell",
                    destination.value
                ),
            ));
        }
    }
}
