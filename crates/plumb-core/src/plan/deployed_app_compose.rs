//! The app-compose.json a plan's deploy writes once its images are built: the compose
//! file's text with each image's edits made, `{image}` filled with the reference by digest,
//! written in the deploy's style. Its SHA-256 is the compose-hash the TEE will measure.

use super::model::{Deploy, PinnedBy};
use crate::dstack::{IMAGE_PLACEHOLDER, Style, apply_edits, write_app_compose};
use crate::source::Span;
use std::collections::BTreeMap;

/// The reference each service is deployed as, given the manifest digest each built step
/// gave (by step id); an error names an image that nothing pins.
pub fn deployed_references(
    deploy: &Deploy,
    manifests: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, String> {
    deploy
        .images
        .iter()
        .map(|image| {
            let reference = match &image.pinned {
                PinnedBy::Step { step, repository } => {
                    let Some(manifest) = manifests.get(step) else {
                        return Err(format!(
                            "service {}: its step {step} was not built",
                            image.service
                        ));
                    };
                    format!("{repository}@{manifest}")
                }
                PinnedBy::Image { reference, digest } if digest == "unpinned" => {
                    return Err(format!(
                        "service {}: its image {reference} is not pinned; run `plumb lock` and plan again",
                        image.service
                    ));
                }
                PinnedBy::Image { reference, digest } => format!("{reference}@{digest}"),
            };
            Ok((image.service.clone(), reference))
        })
        .collect()
}

/// The bytes of the deployed app-compose.json.
pub fn deployed_app_compose(
    deploy: &Deploy,
    compose_text: &str,
    manifests: &BTreeMap<String, String>,
) -> Result<Vec<u8>, String> {
    let references = deployed_references(deploy, manifests)?;
    let mut edits = Vec::new();
    for image in &deploy.images {
        let reference = &references[&image.service];
        for edit in &image.edits {
            let span = span_in(compose_text, edit.start, edit.end).ok_or_else(|| {
                format!(
                    "service {}: an edit lies outside the compose file",
                    image.service
                )
            })?;
            edits.push((span, edit.text.replace(IMAGE_PLACEHOLDER, reference)));
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    if edits.windows(2).any(|pair| pair[0].0.end > pair[1].0.start) {
        return Err("the deploy's edits of the compose file overlap".into());
    }
    let style = Style::from_name(&deploy.style).ok_or_else(|| {
        format!(
            "the deploy's style {:?} is not canonical or vmm-cli",
            deploy.style
        )
    })?;
    write_app_compose(&apply_edits(compose_text, edits), &deploy.settings, style)
        .map_err(|problems| problems.join("; "))
}

/// `start..end` as a span of `text`, if it lies on character boundaries inside it.
fn span_in(text: &str, start: u64, end: u64) -> Option<Span> {
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    (start <= end && text.get(start..end).is_some()).then(|| Span::new(start, end))
}
