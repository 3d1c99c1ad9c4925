//! DF124: commands that make no sense while building an image.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF124",
    name: "pointless-command",
    title: "Command makes no sense in a build",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3001")],
    fix: FixAvailability::None,
    explanation: "A RUN step runs once, without a terminal, in a throw-away container whose \
processes end with the step. Interactive tools (`vim`, `top`), system management (`service`, \
`shutdown`, `mount`, `kill`) and inspection (`ps`, `free`) either hang, fail, or affect \
nothing that survives into the image. Start services from the container's ENTRYPOINT or CMD, \
and edit files with `sed`, `printf` or a COPY.\n\n\
The commands are hadolint's list: `free`, `kill`, `mount`, `ps`, `service`, `shutdown`, \
`ssh`, `top`, `vim`.",
    failing_example: Example::Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y nginx && service nginx start\n",
    ),
    passing_example: Example::Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    ),
};

const COMMANDS: [&str; 9] = [
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for command in &script.commands {
            let Some(program) = command.program().filter(|name| COMMANDS.contains(name)) else {
                continue;
            };
            let word = &command.argv()[0];
            diagnostics.push(Diagnostic::new(
                &RULE,
                script.span(word.start, word.end),
                format!(
                    "`{program}` makes no sense in a build step: nothing it starts or shows outlives the RUN"
                ),
            ));
        }
    }
}
