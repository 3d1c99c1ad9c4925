//! How a step's external inputs are pinned: each image by the manifest for the step's
//! platform (from its own digest or the lock), each download and Git source by what the
//! Dockerfile says of it, each finding where the file names the input.

use super::context_names::is_named_context;
use super::model::Input;
use super::rules::{lock_is_stale, unpinned_image, unpinned_source};
use crate::compose::service_images::ServiceImage;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::Document;
use crate::dockerfile::external_images::{ExternalImage, ImageUse, external_images};
use crate::dockerfile::remote_sources::{RemoteKind, remote_sources};
use crate::lock::Lock;
use crate::source::Span;
use std::collections::BTreeMap;

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
        findings.unpinned(not_in_lock(what, &image.pulled, image.span));
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

/// The downloads and Git sources of the ADD instructions of the Dockerfile's `stages`, each
/// pinned (by the file itself, else by the lock) or reported: stale when there is a lock
/// that does not pin it, unpinned when there is none.
pub fn pin_sources(
    document: &Document,
    stages: &[usize],
    lock: Option<&Lock>,
    findings: &mut Findings,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    let fetched = remote_sources(document)
        .into_iter()
        .filter(|source| stages.contains(&source.stage));
    for source in fetched {
        let what = source.kind.describe();
        let (locked, unpinned_because) = match source.kind {
            RemoteKind::Download => (
                lock.and_then(|lock| lock.downloads.get(&source.url))
                    .map(|download| download.sha256.clone()),
                "is downloaded without --checksum",
            ),
            RemoteKind::Git { .. } => (
                lock.and_then(|lock| lock.git.get(&source.url))
                    .map(|git| git.commit.clone()),
                "is fetched from Git without a commit (`?checksum=<commit>`)",
            ),
        };
        let Some(digest) = source.pinned.or(locked) else {
            let diagnostic = match lock {
                Some(_) => not_in_lock(what, &source.url, source.span),
                None => Diagnostic::new(
                    &unpinned_source::RULE,
                    source.span,
                    format!(
                        "\"{}\" {unpinned_because} and no plumb.lock pins it (`plumb lock`), so the plan cannot pin what it gets",
                        source.url
                    ),
                ),
            };
            findings.unpinned(diagnostic);
            continue;
        };
        inputs.push(match source.kind {
            RemoteKind::Download => Input::Download {
                url: source.url,
                sha256: digest,
            },
            RemoteKind::Git { .. } => Input::Git {
                url: source.url,
                commit: digest,
            },
        });
    }
    inputs
}

/// PL101 for a reference the files name and the lock does not pin, at the reference.
fn not_in_lock(what: &str, reference: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &lock_is_stale::RULE,
        span,
        format!(
            "plumb.lock is stale: it does not pin {what} \"{reference}\"; run `plumb lock` again"
        ),
    )
}

/// A lock's staleness over every stage of the Dockerfiles it applies to (the steps look at
/// their targets' stages only), as `plumb lock --check` sees it: PL101 at each reference it
/// does not pin, and at the start of the first Dockerfile for each it pins that none names.
/// Each finding comes with the path of its Dockerfile.
pub fn stale_references<T>(
    lock: &Lock,
    dockerfiles: &[(&str, &Document)],
    compose_files: &[&(String, Vec<ServiceImage>)],
    named_contexts: &BTreeMap<String, T>,
    severity: Severity,
) -> Vec<(String, Diagnostic)> {
    let mut named = crate::lock::references_of(dockerfiles.iter().map(|(_, document)| *document));
    named
        .images
        .retain(|reference| !is_named_context(named_contexts, reference));
    let pulled = |services: &'_ [ServiceImage]| {
        services
            .iter()
            .filter_map(|service| Some((service, service.pulled()?)))
            .filter(|(_, image)| crate::lock::lockable(image))
            .map(|(service, image)| (service.image_place, image.to_owned()))
            .collect::<Vec<_>>()
    };
    for (_, services) in compose_files {
        named
            .images
            .extend(pulled(services).into_iter().map(|(_, image)| image));
    }
    let staleness = lock.staleness(&named.all());
    let mut found = Vec::new();
    for (path, document) in dockerfiles {
        let images = external_images(&document.dockerfile, &document.resolution)
            .into_iter()
            .filter(|image| staleness.added.contains(&image.pulled))
            .map(|image| not_in_lock(image.used_as.describe(), &image.pulled, image.span));
        let sources = remote_sources(document)
            .into_iter()
            .filter(|source| source.pinned.is_none() && staleness.added.contains(&source.url))
            .map(|source| not_in_lock(source.kind.describe(), &source.url, source.span));
        found.extend(
            images
                .chain(sources)
                .map(|diagnostic| ((*path).to_owned(), diagnostic)),
        );
    }
    for (path, services) in compose_files {
        for (place, image) in pulled(services) {
            if staleness.added.contains(&image) {
                let place = place.unwrap_or(Span::new(0, 0));
                let diagnostic = not_in_lock("service image", &image, place);
                found.push((path.clone(), diagnostic));
            }
        }
    }
    let first = dockerfiles
        .first()
        .map(|(path, _)| *path)
        .or_else(|| compose_files.first().map(|(path, _)| path.as_str()));
    if let Some(first) = first {
        for removed in &staleness.removed {
            found.push((
                first.to_owned(),
                Diagnostic::new(
                    &lock_is_stale::RULE,
                    Span::new(0, 0),
                    format!(
                        "plumb.lock is stale: it pins \"{removed}\", which no Dockerfile it applies to names now; run `plumb lock` again"
                    ),
                ),
            ));
        }
    }
    found
        .into_iter()
        .map(|(path, diagnostic)| {
            let severity = severity.max(diagnostic.severity);
            (path, diagnostic.with_severity(severity))
        })
        .collect()
}
