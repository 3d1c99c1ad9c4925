//! DF117: a global ARG used in a stage that does not declare it again.

use super::resolved;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword};
use crate::dockerfile::mount::csv_fields;
use crate::dockerfile::resolve::{Source, is_common_image_variable};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::shell::script::Command;
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF117",
    name: "global-arg-not-redeclared",
    title: "Global ARG used in a stage that does not declare it",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("UndefinedVar")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "An ARG declared before the first FROM is in the global scope: only FROM lines \
see it. Inside a stage it is empty until the stage declares it again with `ARG NAME` (no \
value needed: the stage then gets the global default or the build argument), and so are \
BuildKit's automatic platform ARGs (`TARGETARCH`, `BUILDPLATFORM`…). plumb reports a use of \
such a name in a stage that has not declared it by then (nor any stage it is built on, nor an \
ENV): in what BuildKit expands (COPY, ADD, ENV, LABEL, WORKDIR, USER, VOLUME, EXPOSE, \
STOPSIGNAL, ARG defaults, `RUN --mount` options), and in RUN scripts, where `$NAME` is \
expanded by the shell from the environment, which an undeclared global ARG does not reach. \
The finding points at the global declaration.\n\n\
In a RUN script, a name the script sets itself (`NAME=…`, `export NAME=…`, `for NAME in`, \
`read NAME`) or may set (a script that sources a file or uses `eval`), and a secret mounted \
with `env=NAME`, is not reported; nor are single-quoted text, comments and the bodies of \
here-documents with a quoted delimiter. When the name picks the tag of the image the stage is \
built on in the end (`FROM node:${NODE_VERSION}`) and is one images commonly set in their ENV \
(`NODE_VERSION`, `JAVA_HOME`…), the image probably sets it too, and the use works with the \
image's value: that is reported as information only.\n\n\
CMD, ENTRYPOINT and HEALTHCHECK are not checked: they run in the container, where no ARG is \
ever set (declared again or not); use ENV for what they need.\n\n\
The fix, safe, declares `ARG NAME` right after the stage's FROM line.\n\n\
BuildKit's UndefinedVar reports the uses it expands itself (and this rule answers to that \
name in `# check=skip=`), never RUN scripts; with `# check=error=true` only the former become \
errors. plumb reports each use once: as this rule when the name is in the global scope, as \
DF103 otherwise. hadolint has no such rule."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "ARG VERSION=1.4.2\nFROM alpine:3.20\nRUN wget -q https://example.com/tool-$VERSION.tar.gz\nLABEL version=$VERSION\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "ARG VERSION=1.4.2\nFROM alpine:3.20\nARG VERSION\nRUN wget -q https://example.com/tool-$VERSION.tar.gz\nLABEL version=$VERSION\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let declarations = global_declarations(context);
    let froms: Vec<&Instruction> = context
        .dockerfile
        .instructions
        .iter()
        .filter(|instruction| instruction.kind == Some(Keyword::From))
        .collect();
    let report = |stage: usize, name: &str, span: Span, in_run: bool| {
        let from = froms.get(stage)?;
        let declaration = declarations
            .iter()
            .rev()
            .find(|(declared, _)| *declared == name);
        let kind = if declaration.is_some() {
            "global"
        } else {
            "automatic"
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            span,
            format!(
                "`${name}` is empty here: the {kind} ARG {name} is not declared in this stage (add `ARG {name}` after its FROM)"
            ),
        )
        .with_fix(declare_after(context, from, name));
        diagnostic = match declaration {
            Some((_, declaration)) => diagnostic.with_label(
                *declaration,
                "declared before the first FROM: only FROM lines see it",
            ),
            None => diagnostic.with_note(format!(
                "{name} is one of BuildKit's automatic platform ARGs, which are in the global scope"
            )),
        };
        if image_may_set(context, stage, name) {
            diagnostic = diagnostic
                .with_severity(Severity::Info)
                .with_note(format!(
                    "the base image may set {name} in its ENV; the stage then sees the image's value, not the ARG's"
                ))
                .outside_build_check();
        }
        if in_run {
            diagnostic = diagnostic.outside_build_check();
        }
        Some(diagnostic)
    };
    // What BuildKit expands.
    for (index, stage) in context.resolution.stages.iter().enumerate() {
        for instruction in &stage.instructions {
            for (name, span) in &instruction.undeclared_globals {
                diagnostics.extend(report(index, name, *span, false));
            }
        }
    }
    // What the shell expands.
    for script in context.run_scripts() {
        if script.instruction.kind != Some(Keyword::Run) {
            continue;
        }
        let Some(resolved) = resolved(context, script.stage, script.instruction) else {
            continue;
        };
        let hidden = |name: &str| context.resolution.hidden_from_shell(resolved, name);
        // Only an expansion (a `$`) can use a name; most scripts have none.
        let mut uses: Vec<(&str, Span)> = Vec::new();
        if script.text.contains('$') {
            uses.extend(
                shell_expansions(script.text)
                    .into_iter()
                    .filter(|(name, _, _)| hidden(name))
                    .map(|(name, start, end)| (name, script.span(start, end))),
            );
        }
        // The bodies of here-documents with an unquoted delimiter, when the script is not
        // itself a here-document, are expanded by the shell as well.
        for heredoc in &script.instruction.heredocs {
            if heredoc.expand && !std::ptr::eq(heredoc.content.as_str(), script.text) {
                uses.extend(
                    heredoc_expansions(&heredoc.content)
                        .into_iter()
                        .filter(|(name, _, _)| hidden(name))
                        .map(|(name, start, end)| {
                            let offset = heredoc.body_span.start;
                            (name, Span::new(offset + start, offset + end))
                        }),
                );
            }
        }
        // What the script sets is read only when a hidden name is used.
        if uses.is_empty() || may_set_anything(script.commands) {
            continue;
        }
        let set = set_by_run(script);
        let mut reported: Vec<&str> = Vec::new();
        for (name, span) in uses {
            if !set.iter().any(|set| set == name) && !reported.contains(&name) {
                reported.push(name);
                diagnostics.extend(report(script.stage, name, span, true));
            }
        }
    }
}

/// Whether the image the stage is built on in the end may set `name` in its ENV: a name images
/// commonly set (`NODE_VERSION`) that picks that image's tag (`FROM node:${NODE_VERSION}`).
fn image_may_set(context: &Context<'_>, stage: usize, name: &str) -> bool {
    let stages = &context.resolution.stages;
    let Some(root) = stages.get(stage).and_then(|stage| stages.get(stage.root)) else {
        return false;
    };
    matches!(root.source, Source::Image(_))
        && is_common_image_variable(name)
        && body_expansions(&root.base, 0, root.base.len())
            .iter()
            .any(|(used, _, _)| *used == name)
}

/// The global ARG names with the span of the word declaring each, in file order.
fn global_declarations<'a>(context: &Context<'a>) -> Vec<(&'a str, Span)> {
    context
        .instructions()
        .filter(|(stage, instruction)| stage.is_none() && instruction.kind == Some(Keyword::Arg))
        .filter_map(|(_, instruction)| match &instruction.arguments {
            Arguments::Words(words) => Some(words),
            _ => None,
        })
        .flatten()
        .map(|word| {
            let name = word
                .value
                .split_once('=')
                .map_or(word.value.as_str(), |(name, _)| name);
            (name, word.span)
        })
        .collect()
}

/// `ARG NAME` on a line of its own right after the FROM line, in the FROM keyword's case and
/// with the file's line ending there.
fn declare_after(context: &Context<'_>, from: &Instruction, name: &str) -> Fix {
    let keyword = if from.keyword.value == from.keyword.value.to_lowercase() {
        "arg"
    } else {
        "ARG"
    };
    let text = context.file.text();
    let mut end = from.span.end;
    let line_ending = if text[..end].ends_with('\r') || text[end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if text[..end].ends_with('\r') {
        end -= 1;
    }
    Fix {
        title: format!("declare `ARG {name}` in this stage"),
        applicability: Applicability::Safe,
        edits: vec![Edit::new(
            Span::point(end),
            format!("{line_ending}{keyword} {name}"),
        )],
    }
}

/// A script that sources a file or evaluates text may set any variable.
fn may_set_anything(commands: &[Command]) -> bool {
    commands
        .iter()
        .any(|command| matches!(command.program(), Some("." | "source" | "eval")))
}

/// The names a RUN sets for its script: assignments (`NAME=…`, also after `export`, `local`,
/// `readonly`, `declare`), `for NAME in`, `read NAME`, `getopts … NAME`, and secrets mounted
/// with `env=NAME`.
fn set_by_run(script: &RunScript<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for flag in &script.instruction.flags {
        if flag.name() != "mount" {
            continue;
        }
        for field in csv_fields(flag.value().unwrap_or_default()).unwrap_or_default() {
            if let Some((key, name)) = field.split_once('=')
                && key.eq_ignore_ascii_case("env")
            {
                names.push(name.to_owned());
            }
        }
    }
    for command in script.commands {
        for (index, word) in command.words.iter().enumerate() {
            if let Some(name) = assigned_name(&word.value) {
                names.push(name.to_owned());
            }
            if word.value == "for"
                && let Some(next) = command.words.get(index + 1)
            {
                names.push(next.value.clone());
            }
        }
        let arguments = command.arguments();
        match command.program() {
            Some("read") => names.extend(
                arguments
                    .iter()
                    .filter(|word| !word.value.starts_with('-'))
                    .map(|word| word.value.clone()),
            ),
            Some("getopts") => names.extend(arguments.get(1).map(|word| word.value.clone())),
            _ => {}
        }
    }
    names
}

/// `NAME` of a word `NAME=value`.
fn assigned_name(word: &str) -> Option<&str> {
    let (name, _) = word.split_once('=')?;
    is_name(name).then_some(name)
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// `$NAME` and `${NAME…}` the shell expands in `script`, with their byte ranges: outside
/// single quotes, escapes and comments, and outside the bodies of here-documents whose
/// delimiter is quoted (an unquoted one's body is expanded, quotes and all).
fn shell_expansions(script: &str) -> Vec<(&str, usize, usize)> {
    let bytes = script.as_bytes();
    let mut found = Vec::new();
    let mut in_double = false;
    // Here-documents opened on the current line: (delimiter, quoted, strip tabs).
    let mut pending: Vec<(String, bool, bool)> = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b'\\' => index += 2,
            b'\'' if !in_double => {
                index = script[index + 1..]
                    .find('\'')
                    .map_or(bytes.len(), |offset| index + 1 + offset + 1);
            }
            b'"' => {
                in_double = !in_double;
                index += 1;
            }
            b'#' if !in_double && (index == 0 || b" \t\n;&|()".contains(&bytes[index - 1])) => {
                index = script[index..]
                    .find('\n')
                    .map_or(bytes.len(), |offset| index + offset);
            }
            b'$' => {
                if let Some((name, end)) = expansion_at(script, index) {
                    found.push((name, index, end));
                    index = end;
                } else {
                    index += 1;
                }
            }
            b'<' if !in_double
                && bytes.get(index + 1) == Some(&b'<')
                && bytes.get(index + 2) != Some(&b'<') =>
            {
                index += 2;
                let strip_tabs = bytes.get(index) == Some(&b'-');
                if strip_tabs {
                    index += 1;
                }
                while matches!(bytes.get(index), Some(b' ' | b'\t')) {
                    index += 1;
                }
                let start = index;
                while index < bytes.len() && !b" \t\n;&|<>()".contains(&bytes[index]) {
                    index += 1;
                }
                let word = &script[start..index];
                if !word.is_empty() {
                    let quoted = word.contains(['\'', '"', '\\']);
                    let delimiter: String =
                        word.chars().filter(|ch| !"'\"\\".contains(*ch)).collect();
                    pending.push((delimiter, quoted, strip_tabs));
                }
            }
            b'\n' if !in_double => {
                index += 1;
                for (delimiter, quoted, strip_tabs) in std::mem::take(&mut pending) {
                    while index < bytes.len() {
                        let end = script[index..]
                            .find('\n')
                            .map_or(bytes.len(), |offset| index + offset);
                        let line = &script[index..end];
                        let compared = if strip_tabs {
                            line.trim_start_matches('\t')
                        } else {
                            line
                        };
                        if compared.trim_end_matches('\r') == delimiter {
                            index = (end + 1).min(bytes.len());
                            break;
                        }
                        if !quoted {
                            found.extend(body_expansions(script, index, end));
                        }
                        index = (end + 1).min(bytes.len());
                    }
                }
            }
            _ => index += 1,
        }
    }
    found
}

/// The expansions in a here-document body with an unquoted delimiter: quotes are text there.
fn heredoc_expansions(body: &str) -> Vec<(&str, usize, usize)> {
    body_expansions(body, 0, body.len())
}

/// The expansions in `text[start..end]`, where only backslashes escape.
fn body_expansions(text: &str, start: usize, end: usize) -> Vec<(&str, usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut position = start;
    while position < end {
        match bytes[position] {
            b'\\' => position += 2,
            b'$' => match expansion_at(text, position) {
                Some((name, expansion_end)) => {
                    found.push((name, position, expansion_end));
                    position = expansion_end;
                }
                None => position += 1,
            },
            _ => position += 1,
        }
    }
    found
}

/// The variable name of `$NAME` or `${NAME…}` at `index` (a `$`), and the end of the
/// expansion (after the name, or after the closing brace).
fn expansion_at(script: &str, index: usize) -> Option<(&str, usize)> {
    let rest = &script[index + 1..];
    let (braced, name_start) = match rest.strip_prefix('{') {
        Some(_) => (true, index + 2),
        None => (false, index + 1),
    };
    let name_length = script[name_start..]
        .bytes()
        .enumerate()
        .take_while(|&(position, byte)| {
            byte == b'_' || byte.is_ascii_alphabetic() || (position > 0 && byte.is_ascii_digit())
        })
        .count();
    if name_length == 0 {
        return None;
    }
    let name = &script[name_start..name_start + name_length];
    let mut end = name_start + name_length;
    if braced {
        let mut depth = 1;
        for (offset, byte) in script[end..].bytes().enumerate() {
            match byte {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end += offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    Some((name, end))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::diagnostic::Severity;
    use crate::dockerfile::rules::undefined_variable;
    use crate::testing::{findings, fixed, lines, messages};

    #[test]
    fn uses_buildkit_expands_are_reported_once_each() {
        let text = "ARG VERSION=1.0\nFROM scratch\nLABEL version=$VERSION\nWORKDIR /opt/$VERSION/${VERSION}\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "`$VERSION` is empty here: the global ARG VERSION is not declared in this stage (add `ARG VERSION` after its FROM)",
                "`$VERSION` is empty here: the global ARG VERSION is not declared in this stage (add `ARG VERSION` after its FROM)",
            ]
        );
        let found = findings(&RULE, text);
        assert_eq!(found[0].labels.len(), 1);
        assert_eq!(found[0].labels[0].span.start, 4, "the global declaration");
        // DF103 leaves them to this rule.
        assert!(findings(&undefined_variable::RULE, text).is_empty());
    }

    #[test]
    fn run_scripts_see_only_declared_args() {
        let text = "ARG VERSION=1.0\nFROM alpine:3.20\nRUN wget https://example.com/v$VERSION.tgz && echo \"${VERSION}\"\nRUN echo $HOME $1\nCMD echo $VERSION\n";
        assert_eq!(
            lines(&RULE, text),
            [3],
            "one finding per name and RUN; CMD is not checked"
        );
        let found = findings(&RULE, text);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            crate::source::SourceFile::new("Dockerfile", text).slice(found[0].span),
            "$VERSION"
        );
    }

    #[test]
    fn declared_again_set_or_not_expanded_passes() {
        let passing = [
            "ARG V=1\nFROM alpine:3.20\nARG V\nRUN echo $V\nLABEL v=$V\n",
            "ARG V=1\nFROM alpine:3.20 AS base\nARG V\nFROM base\nRUN echo $V\n",
            "ARG V\nFROM alpine:3.20 AS base\nARG V\nFROM base\nRUN echo $V\n",
            "ARG V=1\nFROM alpine:3.20\nENV V=2\nRUN echo $V\n",
            "ARG V=1\nFROM alpine:3.20\nRUN V=2; echo $V\n",
            "ARG V=1\nFROM alpine:3.20\nRUN export V=2 && echo $V\n",
            "ARG V=1\nFROM alpine:3.20\nRUN for V in 1 2; do echo $V; done\n",
            "ARG V=1\nFROM alpine:3.20\nRUN read -r V < /v && echo $V\n",
            "ARG VERSION=1\nFROM alpine:3.20\nRUN . /etc/os-release && echo $VERSION\n",
            "ARG V=1\nFROM alpine:3.20\nRUN echo '$V' # $V\n",
            "ARG V=1\nFROM alpine:3.20\nRUN echo \\$V\n",
            "ARG V=1\nFROM alpine:3.20\nRUN <<EOF\ncat > /x <<'END'\n$V\nEND\nEOF\n",
            "ARG V=1\nFROM alpine:3.20\nRUN cat > /x <<'END'\n$V\nEND\n",
            "ARG TOKEN\nFROM alpine:3.20\nRUN --mount=type=secret,id=token,env=TOKEN wget --header \"Authorization: $TOKEN\" https://example.com\n",
            "ARG TARGETARCH\nFROM golang:1.23\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn here_documents_with_an_unquoted_delimiter_are_expanded() {
        let text = "ARG V=1\nFROM alpine:3.20\nRUN cat > /x <<END\nversion '$V'\nEND\nRUN <<EOF\necho \"$V\"\nEOF\n";
        assert_eq!(lines(&RULE, text), [4, 7]);
    }

    #[test]
    fn automatic_platform_args_need_declaring_too() {
        let text = "FROM golang:1.23\nRUN GOARCH=$TARGETARCH go build\nENV GOOS=$TARGETOS\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].notes,
            [
                "TARGETARCH is one of BuildKit's automatic platform ARGs, which are in the global scope"
            ]
        );
        assert!(findings(&undefined_variable::RULE, text).is_empty());
    }

    #[test]
    fn names_an_image_may_set_are_information() {
        // The name picks the image's tag, and images commonly set it: it may well be defined.
        let text = "ARG NODE_VERSION=22\nFROM node:${NODE_VERSION} AS base\nFROM base\nRUN echo $NODE_VERSION\nFROM scratch\nLABEL node=$NODE_VERSION\nFROM python:3.12\nLABEL node=$NODE_VERSION\n";
        let severities: Vec<Severity> = findings(&RULE, text)
            .iter()
            .map(|diagnostic| diagnostic.severity)
            .collect();
        // Not on scratch, nor on an image the name did not pick.
        assert_eq!(
            severities,
            [Severity::Info, Severity::Warning, Severity::Warning]
        );
    }

    #[test]
    fn check_error_true_promotes_only_what_buildkit_reports() {
        let text = "# check=error=true\nARG V=1\nFROM alpine:3.20\nRUN echo $V\nLABEL v=$V\n";
        let severities: Vec<Severity> = findings(&RULE, text)
            .iter()
            .map(|diagnostic| diagnostic.severity)
            .collect();
        assert_eq!(severities, [Severity::Warning, Severity::Error]);
    }

    #[test]
    fn the_fix_declares_the_arg_after_from() {
        assert_eq!(
            fixed(
                &RULE,
                "ARG V=1\nARG W\nFROM alpine:3.20 AS build\nRUN echo $V $W\nFROM scratch\nCOPY --from=build /v$V /v\n"
            ),
            "ARG V=1\nARG W\nFROM alpine:3.20 AS build\nARG W\nARG V\nRUN echo $V $W\nFROM scratch\nARG V\nCOPY --from=build /v$V /v\n"
        );
        assert_eq!(
            fixed(&RULE, "arg v=1\nfrom alpine:3.20\nlabel v=$v"),
            "arg v=1\nfrom alpine:3.20\narg v\nlabel v=$v"
        );
        assert_eq!(
            fixed(
                &RULE,
                "ARG V=1\nFROM alpine:3.20 \\\n  AS build\nRUN echo $V\n"
            ),
            "ARG V=1\nFROM alpine:3.20 \\\n  AS build\nARG V\nRUN echo $V\n"
        );
    }
}
