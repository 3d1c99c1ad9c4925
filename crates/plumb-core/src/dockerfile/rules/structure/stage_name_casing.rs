//! DF401: a stage name with capitals.

use super::{from_words, is_valid_stage_name};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Flag, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::{SourceFile, Span};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF401",
    name: "stage-name-casing",
    title: "Stage name not in lower case",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("StageNameCasing")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "BuildKit lower-cases stage names: `AS Builder` defines the stage `builder`. \
`COPY --from=Builder` still finds it, but `FROM Builder` does not (BuildKit looks the base up \
as written, fails to find a stage and tries to pull an image called `Builder`, which is not \
even a valid reference). Write stage names in lower case.\n\n\
The fix lower-cases the name and every reference to it: later `FROM` lines, `COPY --from` \
and `RUN --mount=from=`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS Builder\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=Builder /out/app /usr/local/bin/app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS builder\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=builder /out/app /usr/local/bin/app\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let instructions = &context.dockerfile.instructions;
    // Built at the first stage name to rename.
    let mut references: Option<BTreeMap<String, Vec<Reference>>> = None;
    for (index, instruction) in instructions.iter().enumerate() {
        let Some((_, name)) = from_words(instruction).and_then(|words| words.stage) else {
            continue;
        };
        let lower = name.value.to_lowercase();
        if name.value == lower || !is_valid_stage_name(&lower) {
            continue;
        }
        let rename = |span: Span| Edit {
            file: None,
            span,
            replacement: lower.clone(),
        };
        let mut edits = vec![rename(name.span)];
        let references = references.get_or_insert_with(|| references_by_name(context));
        // A valid stage name is ASCII, so matching without regard to ASCII case is matching
        // the ASCII lower case.
        for reference in references.get(&lower).into_iter().flatten() {
            if reference.lower_already || (reference.is_base && reference.position <= index) {
                continue;
            }
            edits.push(rename(reference.span));
        }
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                name.span,
                format!("stage name '{}' should be lowercase", name.value),
            )
            .with_fix(Fix {
                title: format!("rename the stage to {lower}"),
                applicability: Applicability::Safe,
                edits,
            }),
        );
    }
}

/// Where the value after `key` (`--from=` or a mount's `from=`) is written in the flag, up
/// to the next `,` or quote.
/// A place a stage may be referred to by name: the base of a FROM written as the parser
/// read it, or the stage of a `COPY --from` or `RUN --mount from=`.
struct Reference {
    /// The instruction's index.
    position: usize,
    is_base: bool,
    span: Span,
    /// Written in lower case already.
    lower_already: bool,
}

/// Every [`Reference`] of the file in file order (a FROM's base before its flags), by its
/// text in ASCII lower case.
fn references_by_name(context: &Context<'_>) -> BTreeMap<String, Vec<Reference>> {
    let mut references: BTreeMap<String, Vec<Reference>> = BTreeMap::new();
    let mut add = |text: &str, position: usize, is_base: bool, span: Span| {
        let lower = text.to_ascii_lowercase();
        let lower_already = lower == text;
        references.entry(lower).or_default().push(Reference {
            position,
            is_base,
            span,
            lower_already,
        });
    };
    for (position, other) in context.dockerfile.instructions.iter().enumerate() {
        if let Some(words) = from_words(other)
            && context.file.slice(words.base.span) == words.base.value
        {
            add(&words.base.value, position, true, words.base.span);
        }
        for flag in &other.flags {
            let reference = match (other.kind, flag.name()) {
                (Some(Keyword::Copy), "from") => from_value_span(context.file, flag, "--from="),
                (Some(Keyword::Run), "mount") => from_value_span(context.file, flag, "from="),
                _ => None,
            };
            if let Some(span) = reference {
                add(context.file.slice(span), position, false, span);
            }
        }
    }
    references
}

fn from_value_span(file: &SourceFile, flag: &Flag, key: &str) -> Option<Span> {
    let written = file.slice(flag.span);
    let lower = written.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(key) {
        let at = search + found;
        let before = lower[..at].chars().next_back();
        // `from=` must start a mount option, not end another key (`platform_from=`).
        if key.starts_with("--") || matches!(before, Some(',' | '=' | '"' | '\'')) {
            let start = at + key.len();
            let length = written[start..]
                .find([',', '"', '\'', ' ', '\t', '\\'])
                .unwrap_or(written.len() - start);
            return Some(Span::new(
                flag.span.start + start,
                flag.span.start + start + length,
            ));
        }
        search = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn capitals_are_reported_and_renamed_everywhere() {
        let text = "FROM golang AS Build\nRUN make\nFROM Build AS Test\nRUN --mount=type=cache,target=/c --mount=type=bind,from=Build,target=/src make test\nFROM alpine\nCOPY --from=Build /out /out\nCOPY --from=build /x /x\n";
        assert_eq!(lines(&RULE, text), [1, 3]);
        assert_eq!(
            fixed(&RULE, text),
            "FROM golang AS build\nRUN make\nFROM build AS test\nRUN --mount=type=cache,target=/c --mount=type=bind,from=build,target=/src make test\nFROM alpine\nCOPY --from=build /out /out\nCOPY --from=build /x /x\n"
        );
    }

    #[test]
    fn each_stage_renames_its_own_later_references() {
        let text = "FROM One AS One\nFROM One AS Two\nCOPY --from=One /a /a\nFROM Two\nCOPY --from=TWO /b /b\nRUN --mount=from=two,target=/t true\nFROM one\n";
        assert_eq!(lines(&RULE, text), [1, 2]);
        let findings = crate::testing::findings(&RULE, text);
        let edited: Vec<Vec<&str>> = findings
            .iter()
            .map(|finding| {
                finding.fixes[0]
                    .edits
                    .iter()
                    .map(|edit| &text[edit.span.range()])
                    .collect()
            })
            .collect();
        // The first FROM's own base is not a reference to the stage it defines.
        assert_eq!(
            edited,
            [vec!["One", "One", "One"], vec!["Two", "Two", "TWO"]]
        );
        assert_eq!(
            fixed(&RULE, text),
            "FROM One AS one\nFROM one AS two\nCOPY --from=one /a /a\nFROM two\nCOPY --from=two /b /b\nRUN --mount=from=two,target=/t true\nFROM one\n"
        );
    }
}
