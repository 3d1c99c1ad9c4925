//! DF110: `FROM --platform=$TARGETPLATFORM`, which is the default.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::resolve::Variables;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF110",
    name: "redundant-target-platform",
    title: "FROM --platform=$TARGETPLATFORM is the default",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("RedundantTargetPlatform"),
        Upstream::Hadolint("DL3065"),
    ],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "A stage is built for the target platform unless `FROM --platform` says \
otherwise, so `--platform=$TARGETPLATFORM` changes nothing and only makes readers wonder. The \
fix removes the flag.\n\n\
As BuildKit does, plumb reports a platform expression whose only variable is \
`TARGETPLATFORM` and whose value is exactly the target platform: `$TARGETPLATFORM`, \
`${TARGETPLATFORM}`, also quoted or with a default (`${TARGETPLATFORM:-linux/amd64}`). \
hadolint's DL3065 only recognises the first two spellings."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM --platform=$TARGETPLATFORM alpine:3.20 AS builder\nRUN apk add --no-cache git\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM --platform=$BUILDPLATFORM golang:1.23 AS builder\nFROM alpine:3.20\nRUN apk add --no-cache git\n",
    )),
};

const TARGET_PLATFORM: &str = "TARGETPLATFORM";
/// Any value will do, as long as the expansion can be compared with it.
const SAMPLE_PLATFORM: &str = "linux/amd64";

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    let env: Variables = [(TARGET_PLATFORM.to_owned(), SAMPLE_PLATFORM.to_owned())].into();
    for instruction in &context.dockerfile.instructions {
        if instruction.kind != Some(Keyword::From) {
            continue;
        }
        for flag in instruction
            .flags
            .iter()
            .filter(|flag| flag.name() == "platform")
        {
            let written = flag.value().unwrap_or_default();
            let Ok(expansion) = lexer.expand(written, &env) else {
                continue;
            };
            let only_target = expansion.unmatched.is_empty()
                && expansion.matched.len() == 1
                && expansion.matched.contains(TARGET_PLATFORM);
            if !only_target || expansion.value != SAMPLE_PLATFORM {
                continue;
            }
            // Remove the flag and the blanks after it.
            let rest = &context.file.text()[flag.span.end..];
            let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    flag.span,
                    format!(
                        "setting platform to predefined {written} in FROM is redundant as this is the default behavior"
                    ),
                )
                .with_fix(Fix {
                    title: "remove the --platform flag".into(),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
 file: None,
                        span: Span::new(flag.span.start, flag.span.end + blanks),
                        replacement: String::new(),
                    }],
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn spellings_of_the_target_platform() {
        let text = "FROM --platform=$TARGETPLATFORM a\nFROM --platform=\"${TARGETPLATFORM}\" b\nFROM --platform=${TARGETPLATFORM:-linux/arm64} c\nFROM --platform=$TARGETOS/$TARGETARCH d\nFROM --platform=${TARGETPLATFORM}/x e\nFROM --platform=${TARGETPLATFORM:+linux/arm64} f\nFROM --platform=$BUILDPLATFORM g\n";
        assert_eq!(lines(&RULE, text), [1, 2, 3]);
    }

    #[test]
    fn the_fix_removes_the_flag() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM --platform=$TARGETPLATFORM  alpine AS b\nRUN true\n"
            ),
            "FROM alpine AS b\nRUN true\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM --platform=$TARGETPLATFORM \\\n  alpine\n"),
            "FROM \\\n  alpine\n"
        );
    }
}
