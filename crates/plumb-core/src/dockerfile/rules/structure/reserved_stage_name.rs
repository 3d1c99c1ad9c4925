//! DF108: a stage named `scratch` or `context`.

use super::from_words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF108",
    name: "reserved-stage-name",
    title: "Reserved word used as a stage name",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("ReservedStageName"),
        Upstream::Hadolint("DL3063"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`scratch` is the empty image and `context` names the build context in \
`COPY --from` and `RUN --mount=from=`. A stage called `scratch` hijacks every later \
`FROM scratch`, which then builds on that stage instead of an empty filesystem; a stage called \
`context` is easy to confuse with the build context. Choose another name.\n\n\
Names are compared after lower-casing, as BuildKit stores them; hadolint's DL3063 compares \
them as written."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20 AS scratch\nRUN apk add --no-cache ca-certificates\nFROM scratch\nCOPY --from=0 /etc/ssl/certs /etc/ssl/certs\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20 AS certs\nRUN apk add --no-cache ca-certificates\nFROM scratch\nCOPY --from=certs /etc/ssl/certs /etc/ssl/certs\n",
    )),
};

const RESERVED: [&str; 2] = ["context", "scratch"];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        let Some((_, name)) = from_words(instruction).and_then(|words| words.stage) else {
            continue;
        };
        let lower = name.value.to_lowercase();
        if RESERVED.contains(&lower.as_str()) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                name.span,
                format!("stage name should not use the same name as reserved stage {lower:?}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn reserved_names_in_any_case() {
        let text = "FROM a AS Scratch\nFROM b AS context\nFROM c AS contexts\n";
        assert_eq!(lines(&RULE, text), [1, 2]);
    }
}
