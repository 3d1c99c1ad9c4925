//! DF107: two stages with the same name.

use super::from_words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF107",
    name: "duplicate-stage-name",
    title: "Stage name used twice",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("DuplicateStageName"),
        Upstream::Hadolint("DL3024"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Stage names identify stages for `FROM`, `COPY --from`, `RUN --mount=from=` \
and `--target`. When two stages share a name, BuildKit quietly lets the later one win: a \
`FROM name` refers to the latest stage of that name defined above it, while `COPY --from`, \
`--mount` and `--target` always refer to the last one in the file, even from a stage written \
between the two. Give every stage its own name.\n\n\
Names are compared without regard to case, since BuildKit lower-cases them; hadolint's DL3024 \
compares them as written. BuildKit builds the file anyway (hadolint reports an error)."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build -o /out/server ./cmd/server\nFROM golang:1.23 AS build\nRUN go build -o /out/worker ./cmd/worker\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build-server\nRUN go build -o /out/server ./cmd/server\nFROM golang:1.23 AS build-worker\nRUN go build -o /out/worker ./cmd/worker\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // Each name's first definition.
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    for instruction in &context.dockerfile.instructions {
        let Some((_, name)) = from_words(instruction).and_then(|words| words.stage) else {
            continue;
        };
        let lower = name.value.to_lowercase();
        match seen.get(&lower) {
            Some(first) => diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    name.span,
                    format!("duplicate stage name {lower:?}, stage names should be unique"),
                )
                .with_label(*first, "first defined here"),
            ),
            None => {
                seen.insert(lower, name.span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn names_are_compared_without_case() {
        let text = "FROM a AS build\nFROM b AS Build\nFROM c AS other\nFROM d AS BUILD\n";
        assert_eq!(lines(&RULE, text), [2, 4]);
    }
}
