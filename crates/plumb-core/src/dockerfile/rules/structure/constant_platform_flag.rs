//! DF111: `FROM --platform` with a constant value.

use super::from_words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::platform::{check_platform, os_and_arch};
use crate::dockerfile::shell_lexer::{Lexer, NoEnv};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF111",
    name: "constant-platform-flag",
    title: "FROM --platform with a constant value",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("FromPlatformFlagConstDisallowed"),
        Upstream::Hadolint("DL3029"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`FROM --platform=linux/amd64` pins the stage to one platform whatever \
platform the image is built for, so the Dockerfile cannot produce a multi-platform image, and \
building it elsewhere silently uses emulation. Leave the platform to the build (`docker build \
--platform …`), use a variable such as `$BUILDPLATFORM` for stages that only run build tools, \
or, when the stage really is platform-specific, say so in its name (`AS build-arm64`).\n\n\
As BuildKit does, plumb reports a `--platform` value that uses no variable at all and whose \
operating system and architecture (normalised: `x86_64` is `amd64`) both do not appear in the \
stage name. hadolint's DL3029 is broader: it reports every `--platform` whose value does not \
mention `BUILDPLATFORM` or `TARGETPLATFORM`, including `$TARGETOS/$TARGETARCH` and stages \
named after their platform."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM --platform=linux/amd64 alpine:3.20 AS base\nRUN apk add --no-cache git\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM --platform=linux/amd64 alpine:3.20 AS build-amd64\nRUN apk add --no-cache git\nFROM --platform=$BUILDPLATFORM alpine:3.20 AS tools\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    for instruction in &context.dockerfile.instructions {
        if instruction.kind != Some(Keyword::From) {
            continue;
        }
        let stage_name = from_words(instruction)
            .and_then(|words| words.stage)
            .map(|(_, name)| name.value.to_lowercase())
            .unwrap_or_default();
        for flag in instruction
            .flags
            .iter()
            .filter(|flag| flag.name() == "platform")
        {
            let Ok(expansion) = lexer.expand(flag.value().unwrap_or_default(), &NoEnv) else {
                continue;
            };
            if !expansion.matched.is_empty() || !expansion.unmatched.is_empty() {
                continue;
            }
            let value = expansion.value;
            // An invalid platform is an error of its own (DF031).
            if check_platform(&value).is_err() {
                continue;
            }
            let (os, arch) = os_and_arch(&value);
            if stage_name.contains(&os) || stage_name.contains(&arch) {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    flag.span,
                    format!("FROM --platform flag should not use constant value {value:?}"),
                )
                .with_note("leave the platform to the build, use a variable such as $BUILDPLATFORM, or name the stage after its platform"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dockerfile::platform::os_and_arch;
    use crate::testing::lines;

    #[test]
    fn normalised_platforms() {
        let pair = |text: &str| {
            let (os, arch) = os_and_arch(text);
            format!("{os}/{arch}")
        };
        assert_eq!(pair("Linux/x86_64"), "linux/amd64");
        assert_eq!(pair("linux/aarch64/v8"), "linux/arm64");
        assert_eq!(pair("windows(10.0.17763)/amd64"), "windows/amd64");
        assert_eq!(pair("arm64"), "linux/arm64");
        assert_eq!(pair("linux"), "linux/amd64");
    }

    #[test]
    fn constants_unless_the_stage_is_named_after_them() {
        let text = "FROM --platform=linux/amd64 a\nFROM --platform=linux/arm64 b AS build-arm64\nFROM --platform=linux/x86_64 c AS amd64-tools\nFROM --platform=\"linux/arm64\" d AS linux-builder\nFROM --platform=$BUILDPLATFORM e\nFROM --platform=linux/${ARCH:-amd64} f\nFROM --platform=windows/amd64 g AS app\n";
        assert_eq!(lines(&RULE, text), [1, 7]);
    }
}
