//! The images a build pulls from outside the Dockerfile: the `# syntax=` frontend, `FROM`
//! bases, `COPY --from=<image>` and `RUN --mount=from=<image>` (stage names and `scratch` are
//! not images), each with the place it is written. DF202 and DF201 check these for digests; a
//! lock pins exactly these.

use crate::dockerfile::Dockerfile;
use crate::dockerfile::check_context::instructions_by_stage;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::mount::parse_mount;
use crate::dockerfile::resolve::{Resolution, Source};
use crate::source::Span;
use std::collections::BTreeSet;

/// Where the build uses an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImageUse {
    /// The `# syntax=` directive's image, which reads the Dockerfile.
    Frontend,
    Base,
    CopyFrom,
    Mount,
}

impl ImageUse {
    /// How messages name an image used so.
    pub fn describe(self) -> &'static str {
        match self {
            ImageUse::Frontend => "frontend image",
            ImageUse::Base => "base image",
            ImageUse::CopyFrom => "COPY --from image",
            ImageUse::Mount => "mount image",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalImage {
    pub used_as: ImageUse,
    /// The stage that pulls it (`None`: the frontend, which every build pulls).
    pub stage: Option<usize>,
    /// The reference the build pulls: a base after expanding the global ARGs with their
    /// defaults (it may still hold a `$` where an ARG has no default).
    pub pulled: String,
    /// What the file says there: differs from `pulled` when it is written with variables.
    pub written: String,
    /// The word or flag that names it.
    pub span: Span,
}

/// Every image the build pulls, in file order.
pub fn external_images(dockerfile: &Dockerfile, resolution: &Resolution) -> Vec<ExternalImage> {
    let stage_names: BTreeSet<String> = resolution
        .stages
        .iter()
        .filter_map(|stage| stage.name.as_deref().map(str::to_lowercase))
        .collect();
    // Stage names match in any case; a number names a stage by its index.
    let is_stage = |name: &str| {
        stage_names.contains(&name.to_lowercase())
            || name
                .parse::<usize>()
                .is_ok_and(|index| index < resolution.stages.len())
    };
    let mut images: Vec<ExternalImage> = dockerfile
        .directive("syntax")
        .map(|directive| ExternalImage {
            used_as: ImageUse::Frontend,
            stage: None,
            pulled: directive.value.clone(),
            written: directive.value.clone(),
            span: directive.value_span,
        })
        .into_iter()
        .collect();
    for (stage, instruction) in instructions_by_stage(dockerfile) {
        match instruction.kind {
            Some(Keyword::From) => {
                let Some(resolved) = stage.and_then(|index| resolution.stages.get(index)) else {
                    continue;
                };
                let (Source::Image(_), Some(pulled)) = (&resolved.source, &resolved.base_resolved)
                else {
                    continue;
                };
                let Arguments::Words(words) = &instruction.arguments else {
                    continue;
                };
                let Some(word) = words.first() else { continue };
                images.push(ExternalImage {
                    used_as: ImageUse::Base,
                    stage,
                    pulled: pulled.clone(),
                    written: word.value.clone(),
                    span: word.span,
                });
            }
            Some(Keyword::Copy) => {
                if let Some(flag) = instruction.last_flag("from")
                    && let Some(from) = flag.value()
                    && !is_stage(from)
                {
                    images.push(ExternalImage {
                        used_as: ImageUse::CopyFrom,
                        stage,
                        pulled: from.to_owned(),
                        written: from.to_owned(),
                        span: flag.span,
                    });
                }
            }
            Some(Keyword::Run) => {
                let mounts = instruction
                    .flags
                    .iter()
                    .filter(|flag| flag.name() == "mount");
                for flag in mounts {
                    let Ok(mount) = parse_mount(flag.value().unwrap_or_default()) else {
                        continue;
                    };
                    if let Some(from) = mount.from
                        && !is_stage(&from)
                    {
                        images.push(ExternalImage {
                            used_as: ImageUse::Mount,
                            stage,
                            written: from.clone(),
                            pulled: from,
                            span: flag.span,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    images
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse_document;
    use crate::options::Options;
    use crate::source::SourceFile;

    fn images(text: &str) -> Vec<(ImageUse, String, String, String)> {
        let file = SourceFile::new("Dockerfile", text);
        let (document, _) = parse_document(&file, &Options::default(), None);
        external_images(&document.dockerfile, &document.resolution)
            .into_iter()
            .map(|image| {
                let at = text[image.span.range()].to_owned();
                (image.used_as, image.pulled, image.written, at)
            })
            .collect()
    }

    #[test]
    fn bases_copies_and_mounts_but_not_stages_or_scratch() {
        let found = images(
            "# syntax=docker/dockerfile:1.12\nARG BASE=debian:bookworm\nFROM $BASE AS Build\nFROM scratch\nFROM build\n\
             COPY --from=nginx:1.27 /a /b\nCOPY --from=BUILD /a /b\nCOPY --from=1 /a /b\n\
             RUN --mount=type=bind,from=busybox:1,target=/bb --mount=from=build,target=/b true\n",
        );
        let owned = |text: &str| text.to_owned();
        assert_eq!(
            found,
            [
                (
                    ImageUse::Frontend,
                    owned("docker/dockerfile:1.12"),
                    owned("docker/dockerfile:1.12"),
                    owned("docker/dockerfile:1.12")
                ),
                (
                    ImageUse::Base,
                    owned("debian:bookworm"),
                    owned("$BASE"),
                    owned("$BASE")
                ),
                (
                    ImageUse::CopyFrom,
                    owned("nginx:1.27"),
                    owned("nginx:1.27"),
                    owned("--from=nginx:1.27")
                ),
                (
                    ImageUse::Mount,
                    owned("busybox:1"),
                    owned("busybox:1"),
                    owned("--mount=type=bind,from=busybox:1,target=/bb")
                ),
            ]
        );
    }
}
