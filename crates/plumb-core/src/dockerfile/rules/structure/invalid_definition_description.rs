//! DF408: a comment right above ARG or a named FROM that is not a `# name description`.

use super::from_words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use crate::suppression::parse_pragma;

pub static RULE: Rule = Rule {
    code: "DF408",
    name: "invalid-definition-description",
    title: "Comment above ARG or FROM … AS is not a description",
    severity: Severity::Info,
    upstream: &[Upstream::BuildkitCheck("InvalidDefinitionDescription")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`docker buildx build --call=outline` and `--call=targets` describe build \
arguments and stages with the comment right above their `ARG` or `FROM … AS`, when it starts \
with the argument's or stage's name: `# VERSION the release to package`. A comment there that \
starts with anything else is shown as nothing, and reads as if it were meant as a \
description.\n\n\
Start the comment with the name, or separate it from the instruction with an empty `#` line. \
(BuildKit's documentation suggests an empty line, but its parser keeps a comment block across \
blank lines; only an empty comment line ends it.)\n\n\
As in BuildKit, where this check is experimental (`# check=experimental=\
InvalidDefinitionDescription`), only the last line of the comment block counts, its first \
word must be one of the instruction's argument names or the stage name (lower case, as \
BuildKit stores it), and global `ARG`s count too. plumb leaves out comments that are \
suppression pragmas (`# hadolint ignore=…`, `# check=skip=…`, `# plumb: ignore=…`)."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "# the version to package\nARG VERSION=1.4.2\nFROM alpine:3.20\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "# VERSION the version to package\nARG VERSION=1.4.2\n# a note that is not a description\n#\nFROM alpine:3.20 AS release\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        let Some(last) = instruction.comments.last() else {
            continue;
        };
        let (keyword, names): (&str, Vec<String>) = match (&instruction.arguments, instruction.kind)
        {
            (Arguments::Words(words), Some(Keyword::Arg)) => (
                "ARG",
                words
                    .iter()
                    .map(|word| {
                        word.value
                            .split_once('=')
                            .map_or(word.value.as_str(), |(name, _)| name)
                            .to_owned()
                    })
                    .collect(),
            ),
            (_, Some(Keyword::From)) => {
                let Some((_, name)) = from_words(instruction).and_then(|words| words.stage) else {
                    continue;
                };
                ("FROM", vec![name.value.to_lowercase()])
            }
            _ => continue,
        };
        if names.is_empty() || parse_pragma(&last.text, Span::default()).is_some() {
            continue;
        }
        let first_word = last.text.split(' ').next().unwrap_or_default();
        if names.iter().any(|name| name == first_word) {
            continue;
        }
        let example = match names.as_slice() {
            [only] => only.as_str(),
            _ => "<arg_key>",
        };
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                last.span,
                format!("comment for {keyword} should follow the format: `# {example} <description>`"),
            )
            .with_note("if it is not meant as a description, put an empty `#` line between the comment and the instruction"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn buildkit_cases() {
        let text = "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n";
        assert!(lines(&RULE, text).is_empty());
        let text = "# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n# hadolint ignore=DL3006\nFROM alpine AS other\n";
        assert_eq!(lines(&RULE, text), [1, 3, 5, 7]);
    }
}
