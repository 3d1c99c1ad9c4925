//! DF124: commands that make no sense while building an image.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::shell::script::Connector;

pub static RULE: Rule = Rule {
    code: "DF124",
    name: "pointless-command",
    title: "Command makes no sense in a build",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3001")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A RUN step runs once, without a terminal, in a throw-away container whose \
processes end with the step. Interactive tools (`vim`, `top`), system management (`service`, \
`shutdown`, `mount`, `kill`) and inspection (`ps`, `free`) either hang, fail, or affect \
nothing that survives into the image. Start services from the container's ENTRYPOINT or CMD, \
and edit files with `sed`, `printf` or a COPY.\n\n\
The commands are hadolint's list: `free`, `kill`, `mount`, `ps`, `service`, `shutdown`, \
`ssh`, `top`, `vim`.\n\n\
Differences from hadolint: DL3001 reports every `kill`; plumb does not report a `kill` after \
the same RUN started a job in the background (`server & pid=$!; …; kill \"$pid\"`, \
`kill %1`): stopping that job before the step ends is what the RUN should do."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y nginx && service nginx start\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    )),
};

const COMMANDS: [&str; 9] = [
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        // Whether a job the script started in the background (`cmd &`) may still run.
        let mut background = false;
        for command in script.commands {
            let program = command.program();
            let started_background = command.then == Connector::Background;
            let stops_own_job = program == Some("kill") && background;
            background |= started_background;
            let Some(program) = program.filter(|name| COMMANDS.contains(name)) else {
                continue;
            };
            if stops_own_job {
                continue;
            }
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{lines, messages};

    #[test]
    fn reports_the_commands() {
        let text = "FROM debian:12\nRUN service nginx start && ps aux\nRUN kill 1\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "`service` makes no sense in a build step: nothing it starts or shows outlives the RUN",
                "`ps` makes no sense in a build step: nothing it starts or shows outlives the RUN",
                "`kill` makes no sense in a build step: nothing it starts or shows outlives the RUN",
            ]
        );
    }

    #[test]
    fn killing_a_background_job_of_the_same_run() {
        let passing = [
            "FROM debian:12\nRUN sleep 60 & pid=$!; \\\n    echo waiting; \\\n    kill \"$pid\"; wait\n",
            "FROM debian:12\nRUN mysqld --skip-networking & sleep 5 && mysql < /init.sql && kill %1 && wait\n",
            "FROM debian:12\nRUN (cd /srv && ./server) & \\\n    curl -fsS http://localhost:8080/ready; kill $!\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
        // A kill before the job starts, or in another RUN, stops nothing of this RUN.
        let text = "FROM debian:12\nRUN kill %1; sleep 60 &\nRUN kill %1\n";
        assert_eq!(lines(&RULE, text), [2, 3]);
    }
}
