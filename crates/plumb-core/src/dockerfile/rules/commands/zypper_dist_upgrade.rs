//! DF125: `zypper dist-upgrade` in a build.

use super::support::word_span;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::Manager;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF125",
    name: "zypper-dist-upgrade",
    title: "Do not use zypper dist-upgrade",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3035")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`zypper dist-upgrade` (`dup`) moves the whole system to whatever the \
repositories hold today, possibly a new distribution release, with vendor changes and \
removals. In an image that belongs in the base image: pick a newer base tag, or apply fixes \
only with `zypper patch` or `zypper update` of named packages."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM opensuse/leap:15.6\nRUN zypper --non-interactive dup && zypper clean --all\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM opensuse/leap:15.6\nRUN zypper --non-interactive patch && zypper clean --all\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for package in script.package_commands() {
            if !package.is(&[Manager::Zypper], &["dist-upgrade", "dup"]) {
                continue;
            }
            let Some(subcommand) = package.subcommand else {
                continue;
            };
            diagnostics.push(Diagnostic::new(
                &RULE,
                word_span(script, subcommand),
                format!(
                    "do not use `zypper {}` in a build: use a newer base image or `zypper patch`",
                    subcommand.value
                ),
            ));
        }
    }
}
