//! CP201: a service image named by a tag (or no tag) instead of a digest.

use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::image_reference::{self, ImageReference};
use crate::dockerfile::rules::pinning::image_not_pinned::{Unpinned, message_when, unpinned};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "CP201",
    name: "service-image-not-pinned",
    title: "Service image not pinned by digest",
    severity: Severity::Warning,
    upstream: &[Upstream::Dclint("service-image-require-explicit-tag")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A tag is a name a registry lets its owner move: `postgres:17` today is not \
`postgres:17` next month, and no tag at all means `latest`, which moves with every release. \
Two machines that run `docker compose up` on the same file a week apart may therefore run \
different images. Only a digest (`@sha256:…`) names exactly one image.

Write the digest after the tag, `postgres:17.5@sha256:…`: docker compose pulls by the digest \
and the tag stays for readers and update tools. `docker compose config \
--resolve-image-digests` prints the project with every image pinned to the digest the \
registry serves now (`--lock-image-digests` prints only the images, as an override file).

The rule looks at `image:` of services that do not `build` (with `build`, `image` names \
what the build makes; CP203 is about the pull that may come first). It says in the message \
whether the image has no tag, the `latest` tag or a tag without a digest. dclint \
(`service-image-require-explicit-tag`) reports only missing and well-known moving tags; \
compose-lint reports `latest` (CL-0004) and a tag without a digest (CL-0019). An image that \
is not a valid reference is left alone: compose-go does not check references, the pull \
fails."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  db:\n    image: postgres:17\n  cache:\n    image: redis\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  db:\n    image: postgres:17.5@sha256:4d89c904835259bc58876520e56267ca07a4ebd6a027f7814bbbf91b50d685be\n  cache:\n    image: redis:8.0@sha256:f957ce918b51f3ac10414244bedd0043c47db44a819f98b9902af1bd9d0afcea\n",
    )])),
};

/// The reference `image` pulls, when it has no digest: `None` for a digest, an
/// unparsable reference or a value that is not a string.
pub fn unpinned_image(image: &Node) -> Option<(&str, ImageReference, Unpinned)> {
    let written = image.as_str()?;
    let reference = image_reference::parse(written).ok()?;
    let why = unpinned(&reference)?;
    Some((written, reference, why))
}

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    if service.get("build").is_some() {
        return;
    }
    let Some(image) = service.written("image") else {
        return;
    };
    let Some((written, reference, why)) = unpinned_image(image) else {
        return;
    };
    let what = format!("service \"{}\" image", service.name);
    diagnostics.push(Diagnostic::new(
        &RULE,
        image.span,
        message_when(&what, "pull time", written, &reference, &why),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{found, messages};
    use super::*;

    #[test]
    fn untagged_latest_and_tag_only_images() {
        let found = messages(
            &RULE,
            "services:\n  a:\n    image: nginx\n  b:\n    image: ghcr.io/example/app:latest\n  c:\n    image: localhost:5000/tools:1.2\n",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("service \"a\" image \"nginx\" has no tag or digest, so it is whatever \"latest\" is at pull time"));
        assert!(found[1].contains("uses the \"latest\" tag"));
        assert!(found[1].contains("(ghcr.io/example/app:<version>@sha256:…)"));
        assert!(found[2].contains("is pinned by tag only"));
        assert!(found[2].contains("(localhost:5000/tools:1.2@sha256:…)"));
    }

    #[test]
    fn digests_builds_and_invalid_references_are_left_alone() {
        let digest = "sha256:4d89c904835259bc58876520e56267ca07a4ebd6a027f7814bbbf91b50d685be";
        let text = format!(
            "services:\n  a:\n    image: postgres:17@{digest}\n  b:\n    image: postgres@{digest}\n  c:\n    image: \"NGINX:Latest Tag\"\n  d:\n    build: .\n    image: example/app\n"
        );
        assert!(messages(&RULE, &text).is_empty());
    }

    #[test]
    fn the_image_is_reported_where_it_is_written_after_interpolation() {
        let found = found(
            &RULE,
            &[
                (
                    "compose.yaml",
                    "services:\n  web:\n    image: \"nginx:${TAG:-1.27}\"\n  api:\n    image: example/api@sha256:4d89c904835259bc58876520e56267ca07a4ebd6a027f7814bbbf91b50d685be\n",
                ),
                (
                    "compose.override.yaml",
                    "services:\n  api:\n    image: example/api:dev\n",
                ),
            ],
        );
        // The override's image is the override file's; plumb checks it with compose.yaml.
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "\"nginx:${TAG:-1.27}\"");
        assert!(
            found[0]
                .message
                .contains("\"nginx:1.27\" is pinned by tag only")
        );
    }
}
