//! The compose file dstack deploys: the original text with each service's image replaced by
//! the reference that pins it by digest, and nothing else changed. A service that builds
//! its image loses its `build:` entry, so that the CVM pulls what was built instead of
//! building it again: where it names no image, `image:` takes the entry's place.

use crate::compose::service_images::{ServiceImage, service_images};
use crate::source::Span;
use crate::workspace::Workspace;

/// Where the image is written in an edit's replacement: the executor fills in the reference
/// by digest once the image is built.
pub const IMAGE_PLACEHOLDER: &str = "{image}";

/// The edits that pin `service`'s image in `text`, each a span and its replacement with
/// [`IMAGE_PLACEHOLDER`] for the reference; an error says why this file cannot be edited.
pub fn image_edits(text: &str, service: &ServiceImage) -> Result<Vec<(Span, String)>, String> {
    let outside = |what: &str| {
        format!(
            "service {}: its {what} is not written in this compose file (an override, `extends` or `include` gives it), so plumb cannot replace it by digest here",
            service.service
        )
    };
    if service.image.is_some() && service.image_place.is_none() {
        return Err(outside("image"));
    }
    if service.builds && service.build_entry.is_none() {
        return Err(outside("build"));
    }
    Ok(match (service.image_place, service.build_entry) {
        (Some(image), Some(build)) => vec![
            (image, IMAGE_PLACEHOLDER.to_owned()),
            (whole_lines(text, build, &service.service)?, String::new()),
        ],
        (Some(image), None) => vec![(image, IMAGE_PLACEHOLDER.to_owned())],
        (None, Some(build)) => vec![(build, format!("image: {IMAGE_PLACEHOLDER}"))],
        (None, None) => Vec::new(),
    })
}

/// The text of the compose file at `compose_file` with the image of every service pinned
/// by the digest the workspace's lock for it gives (a reference with a digest stays): what
/// `plumb dstack app-compose --pin` embeds. The images services build are pinned by a plan's
/// deploy instead, once built; a service that builds, or an image the lock lacks, is an
/// error.
pub fn pin_pulled_images(workspace: &Workspace, compose_file: &str) -> Result<String, Vec<String>> {
    let text = workspace.text(compose_file).unwrap_or_default();
    let services = service_images(workspace, compose_file).map_err(|error| vec![error])?;
    let lock = workspace.lock_for(compose_file);
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    for service in &services {
        let Some(reference) = &service.image else {
            continue;
        };
        if service.builds {
            problems.push(format!(
                "service {} builds its image: `plumb plan` and `plumb build` pin what they build (with a registry in [dstack])",
                service.service
            ));
            continue;
        }
        if reference.contains('@') {
            continue;
        }
        let Some(locked) = lock.and_then(|lock| lock.images.get(reference)) else {
            problems.push(format!(
                "service {}'s image {reference} is not in a plumb.lock; run `plumb lock`",
                service.service
            ));
            continue;
        };
        let pinned = format!("{reference}@{}", locked.digest);
        match image_edits(&text, service) {
            Ok(found) => edits.extend(found.into_iter().map(|(span, replacement)| {
                (span, replacement.replace(IMAGE_PLACEHOLDER, &pinned))
            })),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(apply_edits(&text, edits))
    } else {
        Err(problems)
    }
}

/// `text` with `edits` made (spans that do not overlap, in any order).
pub fn apply_edits(text: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(span, _)| span.start);
    let mut edited = String::with_capacity(text.len());
    let mut at = 0;
    for (span, replacement) in edits {
        edited.push_str(&text[at..span.start]);
        edited.push_str(&replacement);
        at = span.end;
    }
    edited.push_str(&text[at..]);
    edited
}

/// The lines `span` covers, their line break included: what deleting a block entry removes.
/// An entry that shares a line with others (a flow mapping) cannot be deleted by lines.
fn whole_lines(text: &str, span: Span, service: &str) -> Result<Span, String> {
    let start = text[..span.start].rfind('\n').map_or(0, |index| index + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |index| span.end + index + 1);
    let alone = text[start..span.start].trim().is_empty()
        && text[span.end..end]
            .trim_start()
            .trim_end()
            .chars()
            .next()
            .is_none_or(|first| first == '#');
    if !alone {
        return Err(format!(
            "service {service}: its build: entry shares a line with other keys; write the service as a block mapping so plumb can remove it"
        ));
    }
    Ok(Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::service_images::service_images;
    use crate::workspace::{FileKind, Workspace};

    fn pinned(text: &str, references: &[(&str, &str)]) -> Result<String, String> {
        let mut workspace = Workspace::new();
        workspace.add_file("compose.yaml", FileKind::Compose, text);
        let services = service_images(&workspace, "compose.yaml").unwrap();
        let mut edits = Vec::new();
        for (name, reference) in references {
            let service = services
                .iter()
                .find(|service| service.service == *name)
                .unwrap();
            for (span, replacement) in image_edits(text, service)? {
                edits.push((span, replacement.replace(IMAGE_PLACEHOLDER, reference)));
            }
        }
        Ok(apply_edits(text, edits))
    }

    #[test]
    fn images_are_replaced_and_builds_give_way_to_what_they_built() {
        let text = "services:\n  db:\n    image: \"postgres:16\" # the database\n  web:\n    build:\n      context: .\n      args:\n        A: 1\n    ports:\n      - 80:80\n  api:\n    image: team/api:${TAG:-1}\n    build: ./api # local\n    restart: always\n";
        let edited = pinned(
            text,
            &[
                ("db", "postgres:16@sha256:aa"),
                ("web", "r.test/web@sha256:bb"),
                ("api", "r.test/api@sha256:cc"),
            ],
        )
        .unwrap();
        assert_eq!(
            edited,
            "services:\n  db:\n    image: postgres:16@sha256:aa # the database\n  web:\n    image: r.test/web@sha256:bb\n    ports:\n      - 80:80\n  api:\n    image: r.test/api@sha256:cc\n    restart: always\n"
        );
    }

    #[test]
    fn pulled_images_are_pinned_by_the_lock() {
        let text = "services:\n  db:\n    image: postgres:16 # the database\n  web:\n    image: nginx@sha256:aa\n";
        let mut workspace = Workspace::new();
        workspace.add_file("compose.yaml", FileKind::Compose, text);
        let missing = pin_pulled_images(&workspace, "compose.yaml").unwrap_err();
        assert!(missing[0].contains("run `plumb lock`"), "{missing:?}");
        let locked = crate::lock::LockedImage {
            source: "registry".into(),
            digest: "sha256:bb".into(),
            media_type: "application/vnd.oci.image.index.v1+json".into(),
            platforms: std::collections::BTreeMap::new(),
        };
        let lock = crate::lock::Lock::new([("postgres:16".to_owned(), locked)].into());
        workspace.set_lock("", Some(lock));
        assert_eq!(
            pin_pulled_images(&workspace, "compose.yaml").unwrap(),
            "services:\n  db:\n    image: postgres:16@sha256:bb # the database\n  web:\n    image: nginx@sha256:aa\n"
        );
    }

    #[test]
    fn what_is_not_written_here_or_shares_a_line_is_refused() {
        let inline = "services:\n  web: {build: ., image: a}\n";
        assert!(
            pinned(inline, &[("web", "a@sha256:aa")])
                .unwrap_err()
                .contains("block mapping")
        );
        let untouched = "services:\n  web:\n    image: a\n";
        assert_eq!(pinned(untouched, &[]).unwrap(), untouched);
    }
}
