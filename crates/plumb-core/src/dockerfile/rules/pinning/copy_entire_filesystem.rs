//! DF303: `COPY --from=<stage> / …` copies a stage's whole filesystem.

use super::expanded_sources;
use super::sources::clean;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::image_reference;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::resolve::Source;
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF303",
    name: "copy-entire-filesystem",
    title: "Whole filesystem copied from another stage",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3067")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`COPY --from=build / /` copies everything in the build stage: its \
operating system, compilers, package caches, source code and whatever secrets a step left \
behind. That undoes the point of a multi-stage build, makes the final image as large and as \
vulnerable as the build environment, and on top of the final stage's own files it overwrites \
`/etc/passwd`, the package database and the rest with the build stage's versions. Copy the \
paths the image needs: `COPY --from=build /out/app /usr/local/bin/app`.

A stage built `FROM scratch` holds only what its own instructions put there, so copying all \
of it is deliberate (a root filesystem assembled in one stage) and is not reported. The same \
goes for `tonistiigi/xx`, a scratch image of cross-compilation helpers whose documented use is \
`COPY --from=xx / /`.

**Compared with hadolint:** DL3067 reports `/` copied to `/` only; plumb reports the root of \
another stage or image copied anywhere (`COPY --from=build / /rootfs/`, `COPY --from=build . \
/x`), and skips stages built from scratch."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static:nonroot@sha256:c0f429e16b13e583da7e5a6ec20dd656d325d88e6819cafe0adb0828976529dc\nCOPY --from=build / /\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static:nonroot@sha256:c0f429e16b13e583da7e5a6ec20dd656d325d88e6819cafe0adb0828976529dc\nCOPY --from=build /out/app /app\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    let stages = &context.resolution.stages;
    // Each name's first stage.
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, stage) in stages.iter().enumerate() {
        if let Some(name) = stage.name.as_deref() {
            by_name.entry(name).or_insert(index);
        }
    }
    // Computed when a COPY first copies from a stage.
    let mut holds: Option<Vec<bool>> = None;
    scope::walk(context, |_, instruction, scope| {
        if instruction.kind != Some(Keyword::Copy) {
            return;
        }
        let Some(flag) = instruction.last_flag("from") else {
            return;
        };
        let from = flag.value().unwrap_or_default();
        if from.is_empty() || from.contains('$') {
            return;
        }
        let stage = match from.parse::<usize>() {
            Ok(index) => (index < stages.len()).then_some(index),
            Err(_) => {
                let lower = from.to_lowercase();
                by_name.get(lower.as_str()).copied()
            }
        };
        let what = match stage {
            Some(index)
                if holds.get_or_insert_with(|| holds_only_what_was_put_there(context))[index] =>
            {
                return;
            }
            Some(_) => format!("stage \"{from}\""),
            None if is_helper_image(from) => return,
            None => format!("image \"{from}\""),
        };
        for (source, value) in expanded_sources(instruction, Some(scope), &lexer) {
            if clean(&value) == "/" {
                diagnostics.push(
                    Diagnostic::new(
                        &RULE,
                        source.span,
                        format!(
                            "this copies the whole filesystem of {what}, its operating system and build leftovers included; copy only the paths the image needs"
                        ),
                    )
                    .with_label(flag.span, "copied from here"),
                );
            }
        }
    });
}

/// For each stage, whether it, through the stages it is built on, starts from `scratch` or
/// from a helper image made to be copied whole.
fn holds_only_what_was_put_there(context: &Context<'_>) -> Vec<bool> {
    let stages = &context.resolution.stages;
    let mut holds: Vec<bool> = Vec::with_capacity(stages.len());
    for (index, stage) in stages.iter().enumerate() {
        let value = match &stage.source {
            Source::Scratch => true,
            Source::Image(image) => is_helper_image(image),
            Source::Stage(parent) if *parent < index => holds[*parent],
            Source::Stage(_) => false,
        };
        holds.push(value);
    }
    holds
}

/// Scratch images of tools whose documented use is copying their whole filesystem.
fn is_helper_image(image: &str) -> bool {
    image_reference::parse(image).is_ok_and(|reference| {
        reference.path == "tonistiigi/xx"
            && matches!(
                reference.registry.as_deref(),
                None | Some("docker.io" | "index.docker.io")
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings;

    #[test]
    fn stages_images_and_scratch() {
        let text = "FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx\nFROM scratch AS rootfs\nADD rootfs.tar /\nFROM rootfs AS more\nFROM debian AS build\nRUN make\nFROM alpine\nCOPY --from=rootfs / /\nCOPY --from=more / /\nCOPY --from=Build / /rootfs/\nCOPY --from=3 ./ /x\nCOPY --from=busybox:1.36 / /bb\nCOPY --from=xx / /\nCOPY --from=docker.io/tonistiigi/xx / /\nCOPY --from=build /out /out\n";
        let found: Vec<String> = findings(&RULE, text)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("stage \"Build\""));
        assert!(found[2].contains("image \"busybox:1.36\""));
    }
}
