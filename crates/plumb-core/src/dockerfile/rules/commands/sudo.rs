//! DF123: `sudo` in a RUN.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF123",
    name: "sudo",
    title: "Do not use sudo in RUN",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3004")],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "RUN executes as the stage's USER, root unless changed. `sudo` is usually not \
installed in base images, needs a TTY or a sudoers entry, and changes the environment and \
`HOME` the command sees. Run root steps before `USER` switches away from root (or switch back \
with `USER root` for them), and use a tool such as `gosu` or `su-exec` in an entrypoint that \
must drop privileges at run time.\n\n\
The fix removes `sudo`; it is unsafe because the command then runs as the current USER, which \
may lack the rights `sudo` gave it. It is offered only when `sudo` has no options.\n\n\
hadolint (DL3004) reports this as an error; plumb as a warning, since a build with `sudo` \
configured does work."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM ubuntu:24.04\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM ubuntu:24.04\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for command in script.commands {
            if command.program() != Some("sudo") {
                continue;
            }
            let argv = command.argv();
            let sudo = &argv[0];
            let mut diagnostic = Diagnostic::new(
                &RULE,
                script.span(sudo.start, sudo.end),
                "do not use `sudo` in RUN: run the step as root (USER root) instead",
            );
            if let Some(next) = argv.get(1)
                && !next.value.starts_with('-')
            {
                diagnostic = diagnostic.with_fix(Fix {
                    title: "remove `sudo`".into(),
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        file: None,
                        span: script.span(sudo.start, next.start),
                        replacement: String::new(),
                    }],
                });
            }
            diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::fixed;

    #[test]
    fn fix_removes_sudo() {
        let fixed = fixed(
            &RULE,
            "FROM ubuntu:24.04\nRUN sudo apt-get update && \\\n    sudo \\\n    apt-get install -y curl\n",
        );
        assert_eq!(
            fixed,
            "FROM ubuntu:24.04\nRUN apt-get update && \\\n    apt-get install -y curl\n"
        );
    }
}
