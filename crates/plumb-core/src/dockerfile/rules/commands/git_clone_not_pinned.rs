//! DF230: `git clone` without checking out a fixed commit.

use super::support::{Environment, word_span};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::rules::pinning::sources::is_commit;
use crate::package_managers::{Options, Syntax, basename, effective_argv};
use crate::rules::{FixAvailability, Rule};
use crate::shell::script::Command;

pub static RULE: Rule = Rule {
    code: "DF230",
    name: "git-clone-not-pinned",
    title: "git clone without a fixed commit",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`git clone https://github.com/org/repo` (or `--branch main`, or even \
`--branch v1.2.3`: tags can be moved) gets whatever the ref points to on the day of the build. \
Check out a full commit ID in the same RUN, which also verifies what was fetched:\n\n\
```dockerfile\n\
RUN git clone https://github.com/org/repo /src \\\n\
 && git -C /src -c advice.detachedHead=false checkout 0123456789abcdef0123456789abcdef01234567\n\
```\n\n\
or let BuildKit fetch and verify it: \
`ADD --checksum=0123456789abcdef0123456789abcdef01234567 https://github.com/org/repo.git#v1.2.3 /src` \
(Dockerfile 1.17 and later).\n\n\
A clone counts as pinned when a later command of the same RUN names a full commit ID (40 or \
64 hex digits: `git checkout`, `git reset --hard`, `git fetch origin <commit>`), or the clone \
has `--revision=<commit>`. A variable (`git checkout \"$COMMIT\"`) counts unless its default \
in the Dockerfile is not a commit ID. There is no hadolint equivalent."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.22\nRUN git clone --depth 1 --branch main https://github.com/org/tool /src \\\n && cd /src && go build -o /usr/local/bin/tool .\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.22\nRUN git clone https://github.com/org/tool /src \\\n && git -C /src checkout 0123456789abcdef0123456789abcdef01234567 \\\n && go -C /src build -o /usr/local/bin/tool .\n",
    )),
};

static GIT: Syntax = Syntax {
    long_with_value: &[
        "git-dir",
        "work-tree",
        "namespace",
        "exec-path",
        "config-env",
        "branch",
        "depth",
        "origin",
        "revision",
        "reference",
        "reference-if-able",
        "separate-git-dir",
        "shallow-since",
        "shallow-exclude",
        "filter",
        "template",
        "upload-pack",
        "jobs",
        "server-option",
        "config",
        "bundle-uri",
    ],
    short_with_value: "Ccbjou",
    single_dash_long: false,
};

/// Whether a word names a commit: a commit ID, or a variable whose value is not known to be
/// something else.
fn names_commit(environment: &Environment<'_, '_>, script: &RunScript<'_>, word: &str) -> bool {
    if is_commit(word) {
        return true;
    }
    let Some(variable) = word.strip_prefix('$') else {
        return false;
    };
    let name: String = variable
        .trim_start_matches('{')
        .chars()
        .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
        .collect();
    match environment.value(script, &name) {
        Some(value) => value.is_empty() || is_commit(value.trim_matches('"')),
        None => true,
    }
}

/// `git [global options] <subcommand> …`: the subcommand and its options.
fn git_command(command: &Command) -> Option<(&crate::shell::script::ShellWord, Options<'_>)> {
    let argv = effective_argv(command);
    let (program, arguments) = argv.split_first()?;
    if basename(&program.value) != "git" {
        return None;
    }
    let options = Options::parse(arguments, &GIT);
    let subcommand = *options.operands.first()?;
    Some((subcommand, options))
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let environment = Environment::new(context);
    for script in context.run_scripts() {
        let commands = script.commands;
        // For each command, whether a later `git` command checks out a commit; found at the
        // first clone that needs it.
        let mut pinned_after: Option<Vec<bool>> = None;
        for (index, command) in commands.iter().enumerate() {
            let Some((subcommand, options)) = git_command(command) else {
                continue;
            };
            if subcommand.value != "clone" {
                continue;
            }
            if options
                .values(&["revision"])
                .iter()
                .any(|value| names_commit(&environment, script, value))
            {
                continue;
            }
            let pinned_later = pinned_after.get_or_insert_with(|| {
                let mut after = vec![false; commands.len()];
                for position in (0..commands.len().saturating_sub(1)).rev() {
                    let next = &commands[position + 1];
                    let pins = git_command(next).is_some_and(|(_, options)| {
                        options.operands[1..]
                            .iter()
                            .any(|word| names_commit(&environment, script, &word.value))
                    });
                    after[position] = pins || after[position + 1];
                }
                after
            })[index];
            if pinned_later {
                continue;
            }
            let url = options.operands.get(1).copied().unwrap_or(subcommand);
            diagnostics.push(Diagnostic::new(
                &RULE,
                word_span(script, url),
                "`git clone` gets whatever the branch or tag points to today: check out a full commit ID in the same RUN",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn commits_and_variables() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let passing = [
            format!("FROM alpine\nRUN git clone https://x/y /s && cd /s && git reset --hard {sha}\n"),
            format!("FROM alpine\nRUN git clone --revision={sha} https://x/y /s\n"),
            "FROM alpine\nARG COMMIT\nRUN git clone https://x/y /s && git -C /s checkout \"${COMMIT}\"\n".to_owned(),
            format!("FROM alpine\nRUN git init /s && git -C /s fetch --depth 1 https://x/y {sha}\n"),
        ];
        for text in &passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
        let failing = [
            "FROM alpine\nRUN git clone -b v1.2.3 --depth 1 https://x/y /s\n",
            "FROM alpine\nARG REF=main\nRUN git clone https://x/y /s && git -C /s checkout $REF\n",
        ];
        for text in failing {
            assert_eq!(messages(&RULE, text).len(), 1, "{text}");
        }
    }
}
