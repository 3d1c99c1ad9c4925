//! DF121: a pipe in a RUN whose shell does not fail when an earlier stage of the pipe fails.

use super::support::{shell_for, shells};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::basename;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::shell::script::{Command, Connector};

pub static RULE: Rule = Rule {
    code: "DF121",
    name: "missing-pipefail",
    title: "Pipe without pipefail hides failures",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL4006")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A pipeline's exit status is its last command's: in \
`RUN curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg` a failed \
download still gives a successful step, and the image is built without the key. Make the \
shell fail with the pipe: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN \
(the stage and the stages built on it keep it), or start the script with `set -o pipefail` \
where the shell supports it (bash, busybox `ash`, recent `dash`).\n\n\
Shells that are not POSIX (PowerShell, `cmd`) are not checked. The `|` between the patterns \
of a `case` clause (`amd64|arm64)`) is no pipe. A pipe hides nothing when all that comes \
before its last command is `echo` or `printf` (builtins printing their arguments), or when \
its last command asserts what came through and fails without it: a checksum check \
(`echo \"$SHA256 *app.tar.gz\" | sha256sum -c -`) or a quiet `grep -q` (not `-v`). The first \
pipe of the RUN that may hide a failure is reported.\n\n\
Differences from hadolint: DL4006 only accepts a SHELL instruction, forgets it at every FROM \
(even `FROM` an earlier stage that set it) and also checks exec-form RUNs; plumb accepts \
`set -o pipefail` (also `set -eo pipefail`, `set -euxo pipefail`) in the script before the \
first pipe, follows SHELL through the stages a stage is built on, accepts `-o pipefail` for \
any shell, and checks only shell-form and heredoc RUNs."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | tee /tmp/install.sh\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/install.sh | tee /tmp/install.sh\n",
    )),
};

const NOT_POSIX: [&str; 5] = ["pwsh", "powershell", "cmd", "pwsh.exe", "powershell.exe"];

/// Whether the arguments of a shell (or of `set`) turn on pipefail: `-o pipefail`,
/// `-euo pipefail`, `-opipefail`.
fn enables_pipefail(arguments: &[String]) -> bool {
    arguments.iter().enumerate().any(|(index, word)| {
        let short_o = word.starts_with('-') && !word.starts_with("--") && word.ends_with('o');
        (short_o
            && arguments
                .get(index + 1)
                .is_some_and(|next| next == "pipefail"))
            || word == "-opipefail"
    })
}

/// Whether a command is `set … -o pipefail`.
fn sets_pipefail(command: &Command) -> bool {
    command.program() == Some("set")
        && enables_pipefail(
            &command
                .arguments()
                .iter()
                .map(|word| word.value.clone())
                .collect::<Vec<_>>(),
        )
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut shell_instructions = None;
    for script in context.run_scripts() {
        let shell_instructions = shell_instructions.get_or_insert_with(|| shells(context));
        if let Some(shell) = shell_for(shell_instructions, script) {
            let program = shell.first().map_or("", |first| basename(first));
            if NOT_POSIX
                .iter()
                .any(|name| program.eq_ignore_ascii_case(name))
                || enables_pipefail(&shell)
            {
                continue;
            }
        }
        let commands = script.commands;
        let Some((producer, consumer)) = pipelines(commands)
            .into_iter()
            .find_map(|pipeline| hidden_failure(&pipeline))
        else {
            continue;
        };
        let (start, producer_end) = producer.range();
        // A `set -o pipefail` that runs before the pipe (it ends earlier in the script).
        if commands
            .iter()
            .any(|command| command.range().1 <= start && sets_pipefail(command))
        {
            continue;
        }
        let end = consumer.map_or(producer_end, |command| command.range().1);
        let names = |command: &Command| command.program().unwrap_or("…").to_owned();
        let message = match consumer {
            Some(consumer) => format!(
                "a failure of `{}` is hidden by the pipe into `{}`: set `-o pipefail` (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or `set -o pipefail`)",
                names(producer),
                names(consumer)
            ),
            None => "a failure before the pipe is hidden: set `-o pipefail`".to_owned(),
        };
        diagnostics.push(Diagnostic::new(&RULE, script.span(start, end), message));
    }
}

/// The script's pipelines, each its commands joined by `|` in order. The command a pipe
/// leads to is the first that starts after the one before it ends (a subshell's own commands
/// come in between).
fn pipelines(commands: &[Command]) -> Vec<Vec<&Command>> {
    let mut in_pipeline = vec![false; commands.len()];
    let mut pipelines = Vec::new();
    for first in 0..commands.len() {
        if in_pipeline[first] || commands[first].then != Connector::Pipe {
            continue;
        }
        let mut pipeline = vec![&commands[first]];
        let mut current = first;
        while commands[current].then == Connector::Pipe {
            let end = commands[current].range().1;
            let Some(next) = (current + 1..commands.len())
                .filter(|&index| commands[index].range().0 >= end)
                .min_by_key(|&index| commands[index].range().0)
            else {
                break;
            };
            in_pipeline[next] = true;
            pipeline.push(&commands[next]);
            current = next;
        }
        pipelines.push(pipeline);
    }
    pipelines
}

/// The command of a pipeline whose failure the pipe hides, with the command it pipes into
/// (`None` when the pipe leads nowhere plumb can see). Nothing is hidden when every command
/// before the last is `echo` or `printf` (builtins printing their arguments), or when the
/// last one fails without the input it expects: a checksum check (`sha256sum -c`) or a quiet
/// `grep -q`, which assert what came through.
fn hidden_failure<'a>(pipeline: &[&'a Command]) -> Option<(&'a Command, Option<&'a Command>)> {
    let producers = match pipeline {
        [only] => std::slice::from_ref(only),
        [producers @ .., last] if !asserts_its_input(last) => producers,
        _ => return None,
    };
    let producer = producers
        .iter()
        .position(|command| !matches!(command.program(), Some("echo" | "printf")))?;
    Some((pipeline[producer], pipeline.get(producer + 1).copied()))
}

/// Whether a command fails when its input lacks what it looks for.
fn asserts_its_input(command: &Command) -> bool {
    match command.program() {
        Some(
            "sha1sum" | "sha224sum" | "sha256sum" | "sha384sum" | "sha512sum" | "md5sum" | "b2sum"
            | "shasum" | "cksum",
        ) => command.has_short_option('c') || command.has_flag(&["--check"]),
        Some("grep" | "egrep" | "fgrep") => {
            (command.has_short_option('q') || command.has_flag(&["--quiet", "--silent"]))
                && !(command.has_short_option('v') || command.has_flag(&["--invert-match"]))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{lines, messages};

    #[test]
    fn case_patterns_are_not_pipes() {
        let text = "FROM debian\nRUN set -eux; \\\n    case \"$(dpkg --print-architecture)\" in \\\n      amd64|arm64) arch=x64 ;; \\\n      *) echo unsupported; exit 1 ;; \\\n    esac\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        // The real pipe after the case command is still found, at its own line.
        let text = "FROM debian\nRUN case \"$arch\" in \\\n      amd64|arm64) arch=x64 ;; \\\n    esac; \\\n    curl -fsSL https://example.com/key \\\n    | gpg --dearmor -o /k.gpg\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "a failure of `curl` is hidden by the pipe into `gpg`: set `-o pipefail` (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or `set -o pipefail`)"
            ]
        );
        assert_eq!(lines(&RULE, text), [5]);
        // A pipe inside a clause is a pipe.
        let text = "FROM debian\nRUN case \"$arch\" in amd64|arm64) uname -a | tee /arch ;; esac\n";
        assert_eq!(messages(&RULE, text).len(), 1);
    }

    #[test]
    fn pipes_that_hide_nothing() {
        let passing = [
            // A builtin printing a fixed line fails for nothing a build cares about.
            "FROM debian\nRUN echo \"$SHA256 *app.tar.gz\" | sha256sum -c -\n",
            "FROM debian\nRUN printf '%s\\n' \"$LIST\" | sort -u > /list\n",
            // A check that fails without the input it expects asserts what came through.
            "FROM debian\nRUN curl -fsSL https://example.com/SUMS | sha512sum --strict --check -\n",
            "FROM debian\nRUN java -version 2>&1 | grep -q 'OpenJDK'\n",
            "FROM debian\nRUN gpg --verify app.asc 2>&1 | grep -Eq 'Good signature'\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
        let failing = [
            // An inverted grep passes on empty input.
            "FROM debian\nRUN ldd /app | grep -qv 'not found'\n",
            "FROM debian\nRUN make check 2>&1 | grep -q -v FAIL\n",
            "FROM debian\nRUN curl -fsSL https://example.com/SUMS | sha256sum --status\n",
            // A grep that filters passes lines on, whatever the producer did.
            "FROM debian\nRUN curl -fsSL https://example.com/list | grep stable > /list\n",
            "FROM debian\nRUN echo start | curl -d @- https://example.com | tar -x\n",
        ];
        for text in failing {
            assert_eq!(messages(&RULE, text).len(), 1, "{text}");
        }
        assert_eq!(
            messages(&RULE, failing[4]),
            [
                "a failure of `curl` is hidden by the pipe into `tar`: set `-o pipefail` (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or `set -o pipefail`)"
            ]
        );
        // The first pipe that hides a failure is reported, past one that hides nothing.
        let text = "FROM debian\nRUN echo \"$SHA *f\" | sha256sum -c -; \\\n    curl -fsSL https://example.com/key | gpg --dearmor -o /k.gpg\n";
        assert_eq!(lines(&RULE, text), [3]);
    }

    #[test]
    fn shells_and_set_commands() {
        let passing = [
            "FROM alpine\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM alpine AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n",
            "FROM mcr.microsoft.com/windows\nSHELL [\"powershell\", \"-Command\"]\nRUN a | b\n",
            "FROM debian\nRUN set -euxo pipefail; a | b\n",
            "FROM debian\nRUN a || b && c\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
        let failing = [
            "FROM debian\nRUN a | b\n",
            "FROM debian\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n",
            "FROM debian AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM debian\nRUN a | b\n",
            "FROM debian\nRUN a | b; set -o pipefail\n",
            "FROM debian\nRUN (cd src && make) | tee log\n",
        ];
        for text in failing {
            assert_eq!(messages(&RULE, text).len(), 1, "{text}");
        }
    }
}
