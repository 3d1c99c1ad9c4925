//! How a step's external inputs are pinned: each image by the manifest for the step's
//! platform (from its own digest or the lock), each download and Git source by what the
//! Dockerfile says of it, each finding where the file names the input.

use super::model::Input;
use super::rules::{lock_is_stale, unpinned_image, unpinned_source};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::Dockerfile;
use crate::dockerfile::external_images::{ExternalImage, ImageUse};
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::rules::pinning::sources::{SourceKind, classify};
use crate::lock::Lock;

/// An image a step pulls and the digest it is pulled by, if anything pins it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PulledImage {
    pub used_as: ImageUse,
    pub reference: String,
    pub digest: Option<String>,
}

impl PulledImage {
    pub fn input(&self) -> Input {
        Input::Image {
            reference: self.reference.clone(),
            digest: self.digest.clone().unwrap_or_else(|| "unpinned".into()),
        }
    }
}

/// Findings of one Dockerfile, with the severity `--locked` gives what is unpinned.
pub struct Findings {
    pub unpinned_severity: Severity,
    pub diagnostics: Vec<Diagnostic>,
}

impl Findings {
    fn unpinned(&mut self, diagnostic: Diagnostic) {
        let severity = self.unpinned_severity.max(diagnostic.severity);
        self.diagnostics.push(diagnostic.with_severity(severity));
    }
}

/// Pins `image` for `platform`; reports it when nothing does.
pub fn pin_image(
    image: &ExternalImage,
    platform: &str,
    lock: Option<&Lock>,
    findings: &mut Findings,
) -> PulledImage {
    let pinned = |digest: Option<String>| PulledImage {
        used_as: image.used_as,
        reference: image.pulled.clone(),
        digest,
    };
    let what = image.used_as.describe();
    // An ARG without a default expands to nothing, or stays a `$` where BuildKit cannot
    // expand it.
    if image.pulled.is_empty() || image.pulled.contains('$') {
        findings.unpinned(Diagnostic::new(
            &unpinned_image::RULE,
            image.span,
            format!(
                "{what} \"{}\" names a variable without a value, so no lock can pin it; give the ARG a default",
                image.written
            ),
        ));
        return pinned(None);
    }
    if let Some((_, digest)) = image.pulled.split_once('@') {
        return pinned(Some(digest.to_owned()));
    }
    let Some(lock) = lock else {
        findings.unpinned(Diagnostic::new(
            &unpinned_image::RULE,
            image.span,
            format!(
                "{what} \"{}\" is pinned neither by a digest nor by a plumb.lock; run `plumb lock`",
                image.pulled
            ),
        ));
        return pinned(None);
    };
    let Some(locked) = lock.images.get(&image.pulled) else {
        findings.unpinned(Diagnostic::new(
            &lock_is_stale::RULE,
            image.span,
            format!(
                "plumb.lock is stale: it does not pin {what} \"{}\"; run `plumb lock` again",
                image.pulled
            ),
        ));
        return pinned(None);
    };
    match locked.platforms.get(platform) {
        Some(manifest) => pinned(Some(manifest.manifest.clone())),
        None => {
            findings.unpinned(Diagnostic::new(
                &unpinned_image::RULE,
                image.span,
                format!(
                    "plumb.lock pins {what} \"{}\" but has no {platform} image for it (it has {})",
                    image.pulled,
                    locked
                        .platforms
                        .keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            pinned(None)
        }
    }
}

/// The downloads and Git sources of the Dockerfile's ADD instructions, each pinned or
/// reported.
pub fn pin_sources(dockerfile: &Dockerfile, findings: &mut Findings) -> Vec<Input> {
    let mut inputs = Vec::new();
    for instruction in &dockerfile.instructions {
        if instruction.kind != Some(Keyword::Add) {
            continue;
        }
        let words = match &instruction.arguments {
            Arguments::Words(words) | Arguments::Exec(words) => words,
            _ => continue,
        };
        let Some((_, sources)) = words.split_last() else {
            continue;
        };
        let checksum = instruction
            .last_flag("checksum")
            .and_then(|flag| flag.value())
            .filter(|value| !value.is_empty());
        for source in sources {
            match classify(&source.value) {
                SourceKind::Http => match checksum {
                    Some(sha256) => inputs.push(Input::Download {
                        url: source.value.clone(),
                        sha256: sha256.to_owned(),
                    }),
                    None => findings.unpinned(Diagnostic::new(
                        &unpinned_source::RULE,
                        source.span,
                        format!(
                            "\"{}\" is downloaded without --checksum, so the plan cannot pin what it gets",
                            source.value
                        ),
                    )),
                },
                SourceKind::Git(git) => match git.checksum.or(checksum.map(str::to_owned)) {
                    Some(commit) => inputs.push(Input::Git {
                        url: source.value.clone(),
                        commit,
                    }),
                    None => findings.unpinned(Diagnostic::new(
                        &unpinned_source::RULE,
                        source.span,
                        format!(
                            "\"{}\" is fetched from Git without a commit (`?checksum=<commit>`), so the plan cannot pin what it gets",
                            source.value
                        ),
                    )),
                },
                SourceKind::Local => {}
            }
        }
    }
    inputs
}
