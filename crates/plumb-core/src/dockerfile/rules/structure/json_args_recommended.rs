//! DF404: CMD or ENTRYPOINT in shell form.

use super::parent_stage;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword, Word};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF404",
    name: "json-args-recommended",
    title: "CMD or ENTRYPOINT in shell form",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("JSONArgsRecommended"),
        Upstream::Hadolint("DL3025"),
    ],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "In shell form (`CMD my-server --port 80`) the command runs as a child of \
`/bin/sh -c`, which does not pass on signals: `docker stop` sends SIGTERM to the shell, the \
server never sees it and is killed after the timeout. In exec form (`CMD [\"my-server\", \
\"--port\", \"80\"]`) the program is the container's main process and receives signals (and \
must then handle being PID 1). Shell form `ENTRYPOINT` also ignores `CMD` and `docker run` \
arguments.\n\n\
As BuildKit does, plumb does not report stages where a `SHELL` instruction (in the stage or \
one it is built on) chose the shell on purpose; BuildKit also knows the base image's shell, \
which plumb cannot see. hadolint's DL3025 also reports `HEALTHCHECK CMD` in shell form, where \
signals do not matter, and ignores `SHELL`.\n\n\
The fix rewrites a one-line command that uses no shell syntax (no variables, quotes, \
operators, redirections, globs or shell built-ins; a leading `exec` is dropped) in exec form. \
It is unsafe: the program now gets signals itself, and an exec-form `ENTRYPOINT` takes the \
`CMD` as arguments. Commands that need the shell get no fix; run them from a script, or use \
`exec` in the shell form so the program replaces the shell."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nENTRYPOINT my-program start\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nENTRYPOINT [\"my-program\", \"start\"]\nFROM mcr.microsoft.com/powershell:lts-7.4-ubuntu-22.04\nSHELL [\"pwsh\", \"-Command\"]\nCMD Write-Host $env:HOSTNAME\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let stages = &context.resolution.stages;
    let mut shell_by_end: Vec<bool> = Vec::with_capacity(stages.len());
    for (index, stage) in stages.iter().enumerate() {
        let mut shell_set = parent_stage(stage)
            .and_then(|parent| shell_by_end.get(parent).copied())
            .unwrap_or(false);
        for instruction in context.stage_instructions(index) {
            match instruction.kind {
                Some(Keyword::Shell) => shell_set = true,
                Some(keyword @ (Keyword::Cmd | Keyword::Entrypoint)) if !shell_set => {
                    let Arguments::Shell(command) = &instruction.arguments else {
                        continue;
                    };
                    let name = keyword.as_str();
                    let mut diagnostic = Diagnostic::new(
                        &RULE,
                        command.span,
                        format!(
                            "JSON arguments recommended for {name} to prevent unintended behavior related to OS signals"
                        ),
                    )
                    .with_note("in shell form the command runs under /bin/sh -c, which does not pass signals such as SIGTERM on");
                    if let Some(replacement) = exec_form(context, command) {
                        diagnostic = diagnostic.with_fix(Fix {
                            title: "write the command in exec form".into(),
                            applicability: Applicability::Unsafe,
                            edits: vec![Edit {
                                file: None,
                                span: command.span,
                                replacement,
                            }],
                        });
                    }
                    diagnostics.push(diagnostic);
                }
                _ => {}
            }
        }
        shell_by_end.push(shell_set);
    }
}

/// Shell built-ins and reserved words: no program of that name to run in exec form.
const BUILT_INS: [&str; 43] = [
    ".", ":", "alias", "bg", "break", "case", "cd", "command", "continue", "do", "done", "elif",
    "else", "esac", "eval", "exit", "export", "fg", "fi", "for", "function", "getopts", "hash",
    "if", "jobs", "local", "read", "readonly", "return", "select", "set", "shift", "source",
    "then", "time", "times", "trap", "type", "ulimit", "umask", "unset", "until", "while",
];

/// The command as a JSON array, when splitting it on blanks is all the shell would do.
fn exec_form(context: &Context<'_>, command: &Word) -> Option<String> {
    if context.file.slice(command.span).contains('\n') {
        return None;
    }
    let plain = |ch: char| ch.is_ascii_alphanumeric() || "-_./:,+@%=".contains(ch);
    let mut words: Vec<&str> = command
        .value
        .split([' ', '\t'])
        .filter(|word| !word.is_empty())
        .collect();
    if !words.iter().all(|word| word.chars().all(plain)) {
        return None;
    }
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    let program = *words.first()?;
    if program.contains('=') || BUILT_INS.contains(&program) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|word| format!("\"{word}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, has_fix, lines};

    #[test]
    fn shell_form_unless_a_shell_was_chosen() {
        let text = "FROM alpine AS base\nCMD run\nENTRYPOINT [\"x\"]\nSHELL [\"/bin/bash\", \"-c\"]\nCMD run\nFROM base\nCMD run\nFROM alpine\nENTRYPOINT run\nHEALTHCHECK CMD curl -f http://localhost/\n";
        assert_eq!(lines(&RULE, text), [2, 9]);
    }

    #[test]
    fn the_fix_only_when_no_shell_syntax() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM alpine\nCMD exec nginx -g daemon-off  --port=80\n"
            ),
            "FROM alpine\nCMD [\"nginx\", \"-g\", \"daemon-off\", \"--port=80\"]\n"
        );
        for command in [
            "echo $HOME",
            "a && b",
            "nginx -g 'daemon off;'",
            "cd /app",
            "FOO=1 run",
            "ls *.txt",
            "a > log",
            "run \\\n  more",
        ] {
            let text = format!("FROM alpine\nCMD {command}\n");
            assert!(!has_fix(&RULE, &text), "{command}");
        }
    }
}
