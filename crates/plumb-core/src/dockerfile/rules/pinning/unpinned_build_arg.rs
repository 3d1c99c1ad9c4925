//! DF205: a build argument without a fixed default that decides the base image or the
//! version a RUN installs.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::image_reference;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::resolve::Source;
use crate::dockerfile::resolve::automatic_arg;
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::{Env, Lexer};
use crate::rules::{FixAvailability, Rule};
use crate::shell::script::{Command, ShellWord};
use crate::source::Span;
use std::collections::{BTreeMap, BTreeSet};

pub static RULE: Rule = Rule {
    code: "DF205",
    name: "unpinned-build-arg",
    title: "Build argument without a fixed default",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A build argument is an input that is not written in the Dockerfile. When it \
decides what the build fetches and has no default, or a default that is not a version \
(`latest`, `lts`, `*`, `^1.2`), the file alone does not say what it builds: each build gets \
whatever the command line or the registry supplies that day. Give such arguments an exact \
default and override it deliberately.

The rule reports two uses, precisely:

- a global ARG **without any default** that reaches a `FROM` image which is still a valid \
reference without it (`FROM ${REGISTRY}python:3.12`, `FROM node:20-${VARIANT}`). When the \
reference becomes empty or invalid, DF025 or DF105 (BuildKit's `InvalidDefaultArgInFrom`) \
report it instead; when the default is `latest` or another tag, DF201 reports the resulting \
image and names the ARG;
- an ARG in the stage, without a default or with a floating one, written as the version of a \
package that a RUN installs: `npm install -g pnpm@$PNPM_VERSION`, `pip install \
poetry==${POETRY_VERSION}`, `apt-get install -y nginx=$NGINX_VERSION`, `gem install bundler \
-v $BUNDLER_VERSION`. Pinning rules such as hadolint's DL3016 accept these words as pinned, \
because they cannot see the value.

Automatic platform arguments (`TARGETARCH`…) always have a value and are not reported."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM node:22.11-bookworm-slim@sha256:3ec2c6e6b8ee2b3e6bf1bfd4ad0b3f5a23ae6f2e3cfbe0fd3c6c8a3a7e4f5b6c\nARG PNPM_VERSION\nRUN npm install -g pnpm@${PNPM_VERSION}\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM node:22.11-bookworm-slim@sha256:3ec2c6e6b8ee2b3e6bf1bfd4ad0b3f5a23ae6f2e3cfbe0fd3c6c8a3a7e4f5b6c\nARG PNPM_VERSION=9.12.3\nRUN npm install -g pnpm@${PNPM_VERSION}\n",
    )),
};

/// Programs that install packages, and the subcommands that do it.
const INSTALLERS: [(&str, &[&str]); 21] = [
    ("apt-get", &["install"]),
    ("apt", &["install"]),
    ("aptitude", &["install"]),
    ("apk", &["add"]),
    ("dnf", &["install"]),
    ("microdnf", &["install"]),
    ("yum", &["install"]),
    ("tdnf", &["install"]),
    ("zypper", &["install", "in"]),
    ("pip", &["install"]),
    ("pip3", &["install"]),
    ("pipx", &["install"]),
    ("uv", &["install", "add"]),
    ("poetry", &["add"]),
    ("npm", &["install", "i", "add"]),
    ("pnpm", &["install", "i", "add"]),
    ("yarn", &["add"]),
    ("bun", &["install", "i", "add"]),
    ("gem", &["install"]),
    ("go", &["install", "get"]),
    ("cargo", &["install"]),
];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    check_from_lines(context, diagnostics);
    check_install_versions(context, diagnostics);
}

/// Global ARGs without a default anywhere that flow into a FROM image unnoticed.
fn check_from_lines(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let globals = &context.resolution.global_args;
    let with_value: BTreeSet<&str> = globals
        .iter()
        .filter(|arg| arg.value.is_some())
        .map(|arg| arg.name.as_str())
        .collect();
    let has_value = |name: &str| {
        automatic_arg(&context.resolution.automatic_args, name).is_some()
            || with_value.contains(name)
    };
    let without_default: Vec<&str> = globals
        .iter()
        .map(|arg| arg.name.as_str())
        .filter(|name| !has_value(name))
        .collect();
    if without_default.is_empty() {
        return;
    }
    let mut values: BTreeMap<String, String> = context
        .resolution
        .automatic_args
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.clone()))
        .collect();
    for arg in globals {
        if let Some(value) = &arg.value {
            values.insert(arg.name.clone(), value.clone());
        }
    }
    let lexer = Lexer::new(context.dockerfile.escape);
    let mut global_arg_spans = None;
    for (stage, instruction) in context.instructions() {
        if instruction.kind != Some(Keyword::From) {
            continue;
        }
        let resolved = stage.and_then(|index| context.resolution.stages.get(index));
        if !resolved.is_some_and(|stage| matches!(stage.source, Source::Image(_))) {
            continue;
        }
        let Arguments::Words(words) = &instruction.arguments else {
            continue;
        };
        let Some(word) = words.first().filter(|word| word.value.contains('$')) else {
            continue;
        };
        let Ok(expansion) = lexer.expand(&word.value, &values) else {
            continue;
        };
        let plain = expansion.value;
        if plain.is_empty() || image_reference::parse(&plain).is_err() {
            continue;
        }
        // An ARG the word never looked up cannot change it: only those it looked up (unset,
        // as they have no value) are tried.
        for name in without_default
            .iter()
            .filter(|name| expansion.unmatched.contains(**name))
        {
            let marked = Marked {
                values: &values,
                name,
            };
            let Ok(with_mark) = lexer.process_word(&word.value, &marked) else {
                continue;
            };
            // The ARG reaches the image and contributes nothing when unset (no `${X:-…}`).
            if with_mark.contains(MARK) && with_mark.replace(MARK, "") == plain {
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    word.span,
                    format!(
                        "the base image depends on ARG {name}, which has no default: without --build-arg {name} this is \"{plain}\"; give the ARG a default"
                    ),
                );
                let spans = global_arg_spans.get_or_insert_with(|| global_arg_spans_of(context));
                if let Some(span) = spans.get(name).copied() {
                    diagnostic = diagnostic.with_label(span, "declared here without a default");
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// Where each global ARG name is first declared.
fn global_arg_spans_of<'a>(context: &Context<'a>) -> BTreeMap<&'a str, Span> {
    let mut spans = BTreeMap::new();
    let words = context
        .instructions()
        .take_while(|(stage, _)| stage.is_none())
        .filter_map(|(_, instruction)| match &instruction.arguments {
            Arguments::Words(words) if instruction.kind == Some(Keyword::Arg) => Some(words),
            _ => None,
        })
        .flatten();
    for word in words {
        let name = word.value.split('=').next().unwrap_or_default();
        spans.entry(name).or_insert(word.span);
    }
    spans
}

/// What a FROM word expands to with one unset global ARG set to [`MARK`].
const MARK: &str = "\u{1}unset\u{1}";

/// `values` with `name` set to [`MARK`].
struct Marked<'v> {
    values: &'v BTreeMap<String, String>,
    name: &'v str,
}

impl Env for Marked<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        if name == self.name {
            Some(MARK)
        } else {
            Env::get(self.values, name)
        }
    }
}

/// ARGs without a fixed default written as the version of a package a RUN installs.
fn check_install_versions(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    scope::walk(context, |_, instruction, scope| {
        if instruction.kind != Some(Keyword::Run) {
            return;
        }
        let Some(script) = context.run_script(instruction) else {
            return;
        };
        for command in script.commands.iter().filter(|command| installs(command)) {
            let arguments = command.arguments();
            for (index, word) in arguments.iter().enumerate() {
                let after_version_flag =
                    index > 0 && matches!(arguments[index - 1].value.as_str(), "-v" | "--version");
                for (name, position) in plain_references(&word.value) {
                    let before = word.value[..position].chars().next_back();
                    let is_version = match before {
                        Some(ch) => "@=:~-<>".contains(ch),
                        None => after_version_flag,
                    };
                    if !is_version {
                        continue;
                    }
                    let Some(declared) = scope.get(name).filter(|declared| declared.is_arg) else {
                        continue;
                    };
                    let why = match &declared.value {
                        None => "which has no default".to_owned(),
                        Some(value) if is_floating(value) => {
                            format!("whose default \"{value}\" is not a version")
                        }
                        Some(_) => continue,
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            &RULE,
                            script.span(word.start, word.end),
                            format!(
                                "the version in \"{}\" comes from ARG {name}, {why}; give the ARG an exact version as its default",
                                word.value
                            ),
                        )
                        .with_label(declared.span, "declared here"),
                    );
                }
            }
        }
    });
}

fn installs(command: &Command) -> bool {
    let Some(program) = command.program() else {
        return false;
    };
    INSTALLERS.iter().any(|(name, subcommands)| {
        *name == program
            && command
                .arguments()
                .iter()
                .any(|word: &ShellWord| subcommands.contains(&word.value.as_str()))
    })
}

/// `$NAME` and `${NAME}` in a word (not `${NAME:-…}` and the like), with the offset of `$`.
fn plain_references(word: &str) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    let bytes = word.as_bytes();
    let is_name = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'$' {
            index += 1;
            continue;
        }
        let braced = bytes.get(index + 1) == Some(&b'{');
        let start = index + 1 + usize::from(braced);
        let mut end = start;
        while end < bytes.len() && is_name(bytes[end]) {
            end += 1;
        }
        let closed = !braced || bytes.get(end) == Some(&b'}');
        if end > start && !bytes[start].is_ascii_digit() && closed {
            found.push((&word[start..end], index));
        }
        index = end.max(index + 1);
    }
    found
}

/// Defaults that choose a moving version.
fn is_floating(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    [
        "", "latest", "stable", "lts", "current", "next", "nightly", "edge", "main", "master",
        "head", "x", "*",
    ]
    .contains(&lower.as_str())
        || lower.contains('*')
        || lower.starts_with(['^', '~', '>', '<'])
        || lower.ends_with(".x")
        || lower.starts_with("lts/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::messages;

    #[test]
    fn from_lines() {
        let found = messages(
            &RULE,
            "ARG REGISTRY\nARG TAG\nARG VARIANT\nFROM ${REGISTRY}python:3.12\nFROM alpine:${TAG}\nFROM node:20${VARIANT:-}\nFROM debian:${TAG:-bookworm}\n",
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("the base image depends on ARG REGISTRY"));
        assert!(found[1].contains("ARG VARIANT"));
    }

    #[test]
    fn from_lines_try_only_the_args_they_look_up() {
        let found = messages(
            &RULE,
            "ARG REG\nARG TAG\nARG UNUSED\nARG TAG\nFROM ${REG}alpine:3${TAG}\nFROM alpine:3${X:-${TAG}}\nFROM alpine:3${UNUSED:+x}\n",
        );
        let named: Vec<&str> = found
            .iter()
            .map(|message| message.split(' ').nth(6).unwrap_or_default())
            .collect();
        // TAG is declared twice: each declaration is reported, as before.
        assert_eq!(
            named,
            ["REG,", "TAG,", "TAG,", "TAG,", "TAG,"],
            "{found:#?}"
        );
    }

    #[test]
    fn install_versions() {
        let found = messages(
            &RULE,
            "ARG POETRY_VERSION=2.0.1\nFROM python:3.12\nARG POETRY_VERSION\nARG UV_VERSION=latest\nARG PIP_VERSION\nARG TARGETARCH\nRUN pip install \"poetry==${POETRY_VERSION}\" uv==$UV_VERSION pip==${PIP_VERSION:-24.3}\nRUN pip install pip==$PIP_VERSION && gem install bundler -v $PIP_VERSION\nRUN echo pip==$PIP_VERSION\nRUN go install example.com/tool-$TARGETARCH@v1.2.3\n",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("\"uv==$UV_VERSION\""));
        assert!(found[0].contains("default \"latest\""));
        assert!(found[1].contains("ARG PIP_VERSION, which has no default"));
        assert!(found[2].contains("\"$PIP_VERSION\""));
    }

    #[test]
    fn references() {
        assert_eq!(
            plain_references("a@$V-${W}${X:-1}$1$"),
            [("V", 2), ("W", 5)]
        );
        assert!(is_floating("^1.2") && is_floating("LATEST") && !is_floating("1.2.3"));
    }
}
