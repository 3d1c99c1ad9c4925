//! DF225: a downloaded script run straight from the network.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{basename, effective_argv};
use crate::rules::{FixAvailability, Rule};
use crate::shell::script::{Command, Connector, ShellWord, parse_script};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF225",
    name: "download-piped-to-shell",
    title: "Downloaded script run without verification",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`curl -fsSL https://example.com/install.sh | sh` runs whatever the server \
sends today: nothing pins it, nothing checks it, and a compromised or changed script runs as \
root in the build. A failed download can also run half a script. The same holds for \
`bash <(curl …)` and `sh -c \"$(curl …)\"`. Download the script to a file, check it against a \
known digest, then run it:\n\n\
```dockerfile\n\
ADD --checksum=sha256:<digest> https://example.com/install.sh /tmp/install.sh\n\
RUN sh /tmp/install.sh\n\
```\n\n\
or `curl -fsSLo /tmp/install.sh … && echo \"<digest>  /tmp/install.sh\" | sha256sum -c - && sh \
/tmp/install.sh`.\n\n\
Reported when the output of `curl` or `wget` is piped (possibly through `tee` and the like) \
into a shell or an interpreter that reads its program from standard input (`sh`, `bash -s`, \
`python3 -`, `perl`, `node`, …), or when a shell, interpreter, `eval` or `source` gets a \
program from a `curl`/`wget` command substitution. `curl … | python3 -c '…'` and \
`curl … | sh ./script` read the download as data and are not reported. There is no hadolint \
equivalent; hadolint's DL4006 only notices the pipe."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nADD --checksum=sha256:3b6a1c0f8a4b1d3bd0e5c2b1a8a9a7e6a6f8c3a7f6f1d2e9a1c3b5d7e9f1a2b3 https://deb.nodesource.com/setup_20.x /tmp/setup.sh\nRUN bash /tmp/setup.sh\n",
    )),
};

const DOWNLOADERS: [&str; 2] = ["curl", "wget"];
const SHELLS: [&str; 7] = ["sh", "bash", "dash", "zsh", "ash", "ksh", "mksh"];

fn is_downloader(command: &Command) -> bool {
    effective_argv(command)
        .first()
        .is_some_and(|word| DOWNLOADERS.contains(&basename(&word.value)))
}

/// Which interpreter a program name is, by family.
fn interpreter(program: &str) -> Option<&'static str> {
    let family = |base: &str| {
        program == base
            || program
                .strip_prefix(base)
                .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
    };
    if SHELLS.contains(&program) {
        Some("sh")
    } else if family("python") {
        Some("python")
    } else if family("perl") {
        Some("perl")
    } else if family("ruby") {
        Some("ruby")
    } else if family("node") || program == "nodejs" {
        Some("node")
    } else if family("php") {
        Some("php")
    } else {
        None
    }
}

/// Whether an interpreter with these arguments reads its program from standard input.
fn reads_program_from_stdin(kind: &str, arguments: &[ShellWord]) -> bool {
    let (inline, with_value): (&str, &str) = match kind {
        "sh" => ("c", "oO"),
        "python" => ("cm", "WX"),
        "perl" | "ruby" => ("eE", "IM"),
        "node" => ("ep", "r"),
        "php" => ("rBRFE", "cdz"),
        _ => ("", ""),
    };
    let mut words = arguments.iter();
    while let Some(word) = words.next() {
        let text = word.value.as_str();
        if text == "-" || text == "--" {
            return true;
        }
        if let Some(letters) = text.strip_prefix('-').or_else(|| text.strip_prefix('+')) {
            if text.starts_with("--") {
                if matches!(text, "--eval" | "--print" | "--command") {
                    return false;
                }
                continue;
            }
            if kind == "sh" && letters.contains('s') {
                return true;
            }
            if letters.chars().any(|letter| inline.contains(letter)) {
                return false;
            }
            if letters
                .chars()
                .last()
                .is_some_and(|letter| with_value.contains(letter))
            {
                words.next();
            }
            continue;
        }
        // A script file: the download is its data.
        return false;
    }
    true
}

/// For each command, the command its output is piped into: the next one in the text (the
/// list is in the order commands end, nested ones first). Found for the whole script at
/// once, from its end: the later commands' starts are kept in a map.
fn next_in_pipe(commands: &[Command]) -> Vec<Option<usize>> {
    let mut next = vec![None; commands.len()];
    // Start → the earliest later command starting there.
    let mut later: BTreeMap<usize, usize> = BTreeMap::new();
    for (position, command) in commands.iter().enumerate().rev() {
        let (start, end) = command.range();
        next[position] = later.range(end..).next().map(|(_, &index)| index);
        later.insert(start, position);
    }
    next
}

/// The downloader inside a substitution in one of the command's arguments.
fn substituted_download(command: &Command) -> Option<String> {
    command.arguments().iter().find_map(|word| {
        if !word.value.contains("$(") && !word.value.contains('`') && !word.value.contains("<(") {
            return None;
        }
        parse_script(&word.value)
            .iter()
            .filter(|inner| inner.nested && is_downloader(inner))
            .find_map(|inner| {
                effective_argv(inner)
                    .first()
                    .map(|w| basename(&w.value).to_owned())
            })
    })
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        let commands = script.commands;
        let mut piped_into: Option<Vec<Option<usize>>> = None;
        for (index, command) in commands.iter().enumerate() {
            let argv = effective_argv(command);
            let Some(program) = argv.first().map(|word| basename(&word.value)) else {
                continue;
            };
            // `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -qO- …)"`.
            if (interpreter(program).is_some() || matches!(program, "eval" | "source" | "."))
                && let Some(downloader) = substituted_download(command)
            {
                diagnostics.push(Diagnostic::new(
                    &RULE,
                    script.command_span(command),
                    format!(
                        "`{program}` runs a script that `{downloader}` downloads, unverified: download it to a file and check its digest first"
                    ),
                ));
                continue;
            }
            if !DOWNLOADERS.contains(&program) || command.then != Connector::Pipe {
                continue;
            }
            let mut current = index;
            while commands[current].then == Connector::Pipe {
                let piped_into = piped_into.get_or_insert_with(|| next_in_pipe(commands));
                let Some(next) = piped_into[current] else {
                    break;
                };
                current = next;
                let consumer = effective_argv(&commands[current]);
                let Some((name, arguments)) = consumer.split_first() else {
                    continue;
                };
                let name = basename(&name.value);
                let Some(kind) = interpreter(name) else {
                    continue;
                };
                if !reads_program_from_stdin(kind, arguments) {
                    break;
                }
                let span = script.span(command.range().0, commands[current].range().1);
                diagnostics.push(Diagnostic::new(
                    &RULE,
                    span,
                    format!(
                        "`{program}` output is piped into `{name}`, which runs it unverified: download to a file and check its digest first"
                    ),
                ));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn pipes_and_substitutions() {
        let failing = [
            "FROM debian\nRUN curl -fsSL https://x/install.sh | sh\n",
            "FROM debian\nRUN wget -qO- https://x | sudo -E bash -s -- --yes\n",
            "FROM debian\nRUN curl -sSL https://x | tee /tmp/log | python3 -\n",
            "FROM debian\nRUN bash <(curl -fsSL https://x)\n",
            "FROM debian\nRUN sh -c \"$(wget -qO- https://x)\" \"\" --unattended\n",
            "FROM debian\nRUN eval \"$(curl -fsSL https://x)\"\n",
        ];
        for text in failing {
            assert_eq!(messages(&RULE, text).len(), 1, "{text}");
        }
        let passing = [
            "FROM debian\nRUN curl -fsSL https://x/key | gpg --dearmor -o /usr/share/keyrings/x.gpg\n",
            "FROM debian\nRUN curl -s https://api/x | python3 -c 'import json,sys; print(json.load(sys.stdin))'\n",
            "FROM debian\nRUN curl -fsSL https://x | tar -xz -C /opt && sh /opt/install.sh\n",
            "FROM debian\nRUN VERSION=\"$(curl -fsSL https://x/version)\" && echo $VERSION\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn the_next_command_in_a_pipe_is_the_next_one_in_the_text() {
        use crate::shell::script::parse_script;
        let script =
            "curl a | tee $(date | tr a b) | sh && (cd x; curl b) | bash <(wget c | cat) | x; y";
        let commands = parse_script(script);
        // The definition: of the commands listed later that start after the end of this one,
        // the first to start.
        let expected: Vec<Option<usize>> = (0..commands.len())
            .map(|index| {
                let end = commands[index].range().1;
                commands
                    .iter()
                    .enumerate()
                    .skip(index + 1)
                    .filter(|(_, command)| command.range().0 >= end)
                    .min_by_key(|(_, command)| command.range().0)
                    .map(|(position, _)| position)
            })
            .collect();
        assert_eq!(super::next_in_pipe(&commands), expected);
        let program = |index: Option<usize>| index.and_then(|index| commands[index].program());
        let curl = commands
            .iter()
            .position(|command| command.program() == Some("curl"))
            .unwrap();
        assert_eq!(program(super::next_in_pipe(&commands)[curl]), Some("tee"));
    }
}
