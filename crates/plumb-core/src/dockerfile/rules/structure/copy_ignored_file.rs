//! DF112: a COPY/ADD source that `.dockerignore` keeps out of the build context.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::context_sources::context_sources;
use crate::dockerfile::dockerignore::Dockerignore;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF112",
    name: "copy-ignored-file",
    title: "COPY or ADD of a file excluded by .dockerignore",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("CopyIgnoredFile")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Files that match a pattern of the build context's `.dockerignore` are not \
sent to the builder. Copying one fails the build with a \"not found\" error, or, when the \
source is a directory or a wildcard, silently copies less than you meant. Either stop \
ignoring the file or stop copying it.\n\n\
plumb reads `.dockerignore` beside the Dockerfile (or `<Dockerfile>.dockerignore`) as BuildKit \
does and follows its trigger exactly: sources from the build context only (not `COPY --from`, \
URLs, Git repositories or heredocs), after variable expansion and path cleaning, excluded when \
the path or one of its parent directories matches. Like BuildKit, plumb says nothing when the \
file has `!` exceptions (a directory may be excluded while a file in it is re-included), and \
reports `.` or `/` only when a pattern `*`, `**` or `**/*` ignores the whole context. A \
source written with a leading `/` is matched with it, so it never matches, as in BuildKit.\n\n\
The failing example copies a file its `.dockerignore` excludes."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "Dockerfile",
            "FROM scratch\nCOPY ./app/tmp/helloworld.txt /helloworld.txt\n",
        ),
        (".dockerignore", "*/tmp/*\n"),
        ("app/tmp/helloworld.txt", "hello\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "Dockerfile",
            "FROM scratch\nCOPY ./app/forever/helloworld.txt /helloworld.txt\n",
        ),
        (".dockerignore", "*/tmp/*\n"),
        ("app/forever/helloworld.txt", "hello\n"),
    ])),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(Ok(Some(ignore))) = context.dockerignore.map(Dockerignore::parse) else {
        return;
    };
    if ignore.has_exclusions() {
        return;
    }
    let whole_context_ignored = ignore
        .patterns()
        .iter()
        .any(|pattern| matches!(pattern.text.as_str(), "*" | "**" | "**/*"));
    for source in context_sources(context) {
        let path = &source.path;
        if (path == "." || path == "/") && !whole_context_ignored {
            continue;
        }
        if let Some(pattern) = ignore.excluding_pattern(path) {
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    source.span,
                    format!(
                        "attempting to {} file {path:?} that is excluded by .dockerignore",
                        source.verb
                    ),
                )
                .with_note(format!(
                    "the .dockerignore pattern `{}` keeps it out of the build context",
                    pattern.text
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::source::SourceFile;
    use crate::testing::findings_in_context;

    fn lines(text: &str, ignore: &str) -> Vec<usize> {
        let file = SourceFile::new("Dockerfile", text);
        findings_in_context(&RULE, text, Some(ignore))
            .iter()
            .map(|diagnostic| file.position(diagnostic.span.start).line)
            .collect()
    }

    #[test]
    fn context_sources_only() {
        let text = "FROM alpine AS build\nCOPY node_modules/x /x\nCOPY --from=build node_modules /x\nADD https://example.com/node_modules /x\nCOPY <<node_modules /x\nhi\nnode_modules\nCOPY src/ ./node_modules/y /x/\nARG DIR=node_modules\nADD $DIR/z /z\n";
        assert_eq!(lines(text, "node_modules\n"), [2, 8, 10]);
    }

    #[test]
    fn exceptions_turn_the_check_off_and_the_root_needs_a_catch_all() {
        let text = "FROM alpine\nCOPY . /src\nCOPY docs/a.md /a\n";
        assert!(lines(text, "docs\n!docs/a.md\n").is_empty());
        assert_eq!(lines(text, "docs\n"), [3]);
        assert_eq!(lines(text, "*\n"), [2, 3]);
        assert!(lines(text, "# nothing\n").is_empty());
    }

    #[test]
    fn absolute_sources_are_matched_as_written() {
        assert!(lines("FROM alpine\nCOPY /docs/a.md /a\n", "docs\n").is_empty());
    }
}
