//! DF420: `apt` in a script.

use super::support::{insert_after, word_span};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::Manager;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF420",
    name: "apt-instead-of-apt-get",
    title: "Use apt-get instead of apt",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3027")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "`apt` is the interactive front end: its output and behaviour may change \
between releases, and it warns \"apt does not have a stable CLI interface. Use with caution \
in scripts.\" Scripts and Dockerfiles should use `apt-get` (and `apt-cache` for queries), \
whose interface is stable.\n\n\
The fix renames `apt` to `apt-get` for the subcommands both share with the same meaning \
(`install`, `remove`, `purge`, `update`, `autoremove`, `clean`, `autoclean`, `build-dep`, \
`source`); `apt upgrade` also installs new dependencies where `apt-get upgrade` does not, so \
it is not renamed automatically."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM ubuntu:24.04\nRUN apt update && apt install -y --no-install-recommends curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    )),
};

const SAME_MEANING: [&str; 9] = [
    "install",
    "remove",
    "purge",
    "update",
    "autoremove",
    "clean",
    "autoclean",
    "build-dep",
    "source",
];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for package in script.package_commands() {
            if package.manager != Manager::Apt {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &RULE,
                word_span(script, package.program),
                "`apt` has no stable command-line interface for scripts: use `apt-get` (or `apt-cache`)",
            );
            if SAME_MEANING.contains(&package.subcommand()) {
                diagnostic = diagnostic.with_fix(Fix {
                    title: "use `apt-get`".into(),
                    applicability: Applicability::Safe,
                    edits: vec![insert_after(script, package.program, "-get")],
                });
            }
            diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, messages};

    #[test]
    fn fix_renames_apt() {
        let fixed = fixed(
            &RULE,
            "FROM ubuntu\nRUN apt update && /usr/bin/apt install -y curl\n",
        );
        assert_eq!(
            fixed,
            "FROM ubuntu\nRUN apt-get update && /usr/bin/apt-get install -y curl\n"
        );
        let upgrade = crate::testing::findings(&super::RULE, "FROM ubuntu\nRUN apt upgrade -y\n");
        assert!(upgrade[0].fixes.is_empty());
        assert!(
            messages(
                &RULE,
                "FROM ubuntu\nRUN apt-get update && apt-cache policy curl\n"
            )
            .is_empty()
        );
    }
}
