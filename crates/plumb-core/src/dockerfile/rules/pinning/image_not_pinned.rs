//! DF201: an image the build pulls by a tag (or no tag) instead of a digest.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::external_images::{ExternalImage, ImageUse, external_images};
use crate::dockerfile::image_reference::{self, ImageReference};
use crate::lock::LockedImage;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF201",
    name: "image-not-pinned",
    title: "Image not pinned by digest",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3006"), Upstream::Hadolint("DL3007")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "A tag is a name a registry lets its owner move: `alpine:3.20` today is not \
`alpine:3.20` next month, and no tag at all means `latest`, which moves with every release. \
A build that starts from a tag therefore starts from whatever the registry serves that day. \
Only a digest (`@sha256:…`) names exactly one image.

Write the digest after the tag, `alpine:3.20@sha256:…`: BuildKit pulls by the digest and \
ignores the tag, which stays for readers and for update tools such as Renovate and \
Dependabot. `docker buildx imagetools inspect alpine:3.20` prints the digest of the image \
index, which covers every platform. Rebuilders who cannot edit the Dockerfile can pin tags \
with a BuildKit source policy instead.

The rule looks at every image the build pulls: `FROM` (after expanding the global ARGs with \
their defaults), `COPY --from=<image>` and `RUN --mount=from=<image>`. `scratch` and stage \
names are not images. plumb looks no digest up while it checks: without a lock there is no fix.

**Compared with hadolint:** DL3006 reports a FROM image without a tag and DL3007 one tagged \
`latest`; neither reports a tag without a digest, and both skip images written with a \
variable (`FROM $BASE`) and images in `COPY --from` or mounts. plumb reports all three \
cases as one rule, and says in the message which one it found.

Where a `plumb.lock` pins the image (`plumb lock`), the finding says so, and for a reference \
written out in `FROM` or `COPY --from` it offers a safe fix: the locked digest written after \
the reference, so that any build of the file pulls what the lock pinned."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static:nonroot@sha256:c0f429e16b13e583da7e5a6ec20dd656d325d88e6819cafe0adb0828976529dc\nCOPY --from=build /out/app /app\n",
    )),
};

/// Why a reference does not pin one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpinned {
    /// No tag and no digest: the registry's `latest`.
    Untagged,
    /// The `latest` tag.
    Latest,
    /// A tag without a digest.
    TagOnly,
}

/// `None` when the reference has a digest.
pub fn unpinned(reference: &ImageReference) -> Option<Unpinned> {
    if reference.digest.is_some() {
        return None;
    }
    Some(match reference.tag.as_deref() {
        None => Unpinned::Untagged,
        Some("latest") => Unpinned::Latest,
        Some(_) => Unpinned::TagOnly,
    })
}

/// The message for an unpinned `written` reference; `what` says where it is used.
pub fn message(what: &str, written: &str, reference: &ImageReference, why: &Unpinned) -> String {
    message_when(what, "build time", written, reference, why)
}

/// The same, for a reference resolved at `when` (`build time`, `pull time`).
pub fn message_when(
    what: &str,
    when: &str,
    written: &str,
    reference: &ImageReference,
    why: &Unpinned,
) -> String {
    let name = match &reference.registry {
        Some(registry) => format!("{registry}/{}", reference.path),
        None => reference.path.clone(),
    };
    match why {
        Unpinned::Untagged => format!(
            "{what} \"{written}\" has no tag or digest, so it is whatever \"latest\" is at {when}; pin a version and its digest ({name}:<version>@sha256:…)"
        ),
        Unpinned::Latest => format!(
            "{what} \"{written}\" uses the \"latest\" tag, which moves with every release; pin a version and its digest ({name}:<version>@sha256:…)"
        ),
        Unpinned::TagOnly => {
            let tag = reference.tag.as_deref().unwrap_or_default();
            format!(
                "{what} \"{written}\" is pinned by tag only, and tags can be moved; add its digest ({name}:{tag}@sha256:…)"
            )
        }
    }
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let images = external_images(context.dockerfile, context.resolution);
    // The frontend is DF202's.
    for image in images
        .iter()
        .filter(|image| image.used_as != ImageUse::Frontend)
    {
        let pulled = image.pulled.as_str();
        // Unset variables and unparsable references are other rules' findings.
        if pulled.is_empty() || pulled.contains('$') {
            continue;
        }
        let Ok(reference) = image_reference::parse(pulled) else {
            continue;
        };
        let Some(why) = unpinned(&reference) else {
            continue;
        };
        let what = image.used_as.describe();
        let mut diagnostic =
            Diagnostic::new(&RULE, image.span, message(what, pulled, &reference, &why));
        if image.written != image.pulled {
            diagnostic = diagnostic.with_note(format!(
                "`{}` is \"{pulled}\" with the defaults of the global ARGs",
                image.written
            ));
        }
        if let Some(locked) = context.lock.and_then(|lock| lock.images.get(pulled)) {
            diagnostic = with_locked_digest(diagnostic, image, locked);
        }
        diagnostics.push(diagnostic);
    }
}

/// What the lock adds to the finding: the digest it pins, and where the reference is written
/// out (not through a variable, not inside a mount's options) the fix that writes it. Only a
/// registry's digest is written: the local storage's digest of the same image is another, and
/// no registry would serve it.
fn with_locked_digest(
    diagnostic: Diagnostic,
    image: &ExternalImage,
    locked: &LockedImage,
) -> Diagnostic {
    let digest = &locked.digest;
    let diagnostic = diagnostic.with_note(format!(
        "plumb.lock pins it to {digest}: builds from plumb's lock use that image, a build of this file alone still pulls the tag"
    ));
    let pulled = &image.pulled;
    let replacement = match image.used_as {
        _ if image.written != image.pulled || locked.source != "registry" => return diagnostic,
        ImageUse::Base => format!("{pulled}@{digest}"),
        ImageUse::CopyFrom => format!("--from={pulled}@{digest}"),
        ImageUse::Mount | ImageUse::Frontend => return diagnostic,
    };
    diagnostic.with_fix(Fix {
        title: "write the digest plumb.lock pins".into(),
        applicability: Applicability::Safe,
        edits: vec![Edit::new(image.span, replacement)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::messages;

    #[test]
    fn untagged_latest_and_tag_only() {
        let found = messages(
            &RULE,
            "ARG BASE=debian:bookworm\nFROM alpine AS a\nFROM node:latest AS b\nFROM $BASE AS c\nFROM localhost:5000/tools\nFROM a\nFROM scratch\n",
        );
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with("base image \"alpine\" has no tag"));
        assert!(found[1].contains("\"latest\" tag"));
        assert!(found[2].contains("\"debian:bookworm\" is pinned by tag only"));
        assert!(found[3].contains("(localhost:5000/tools:<version>@sha256:…)"));
    }

    #[test]
    fn copy_and_mount_images() {
        let found = messages(
            &RULE,
            "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS Build\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\nRUN --mount=from=busybox,target=/bb true\nRUN --mount=type=bind,from=build,target=/b true\n",
        );
        assert_eq!(
            found
                .iter()
                .map(|message| message.split(" \"").next().unwrap())
                .collect::<Vec<_>>(),
            ["COPY --from image", "mount image"]
        );
    }

    #[test]
    fn a_locked_image_gets_the_locked_digest_as_a_fix() {
        use crate::fix::{FixLevel, fix_workspace};
        use crate::lock::{Lock, LockedImage};
        use crate::{FileKind, Workspace, analyze};
        let digest = format!("sha256:{}", "ab".repeat(32));
        let locked = |reference: &str| {
            let image = LockedImage {
                source: "registry".into(),
                digest: digest.clone(),
                media_type: "application/vnd.oci.image.index.v1+json".into(),
                platforms: Default::default(),
            };
            (reference.to_owned(), image)
        };
        let mut workspace = Workspace::new();
        let text = "ARG BASE=registry.test/base:1\nFROM registry.test/base:1 AS a\nFROM $BASE AS b\nCOPY --from=registry.test/tools:2 /t /t\nFROM registry.test/other:3\n";
        workspace.add_file("app/Dockerfile", FileKind::Dockerfile, text);
        let lock = Lock::new(
            [
                locked("registry.test/base:1"),
                locked("registry.test/tools:2"),
            ]
            .into_iter()
            .collect(),
        );
        workspace.set_lock("", Some(lock));
        let analysis = analyze(&workspace);
        let found: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is(&RULE))
            .collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        let pinned_note = |index: usize| {
            found[index]
                .notes
                .iter()
                .any(|note| note.contains(&format!("plumb.lock pins it to {digest}")))
        };
        // Written out: a note and a fix; through $BASE: the note only; not locked: neither.
        assert!(pinned_note(0) && found[0].fixes.len() == 1);
        assert!(pinned_note(1) && found[1].fixes.is_empty());
        assert!(pinned_note(2) && found[2].fixes.len() == 1);
        assert!(!pinned_note(3) && found[3].fixes.is_empty());

        let fixed = fix_workspace(&workspace, FixLevel::Safe, Some(&RULE));
        let text = &fixed.files["app/Dockerfile"];
        assert!(
            text.contains(&format!("FROM registry.test/base:1@{digest} AS a")),
            "{text}"
        );
        assert!(
            text.contains(&format!("COPY --from=registry.test/tools:2@{digest} /t")),
            "{text}"
        );
        assert!(text.contains("FROM $BASE AS b"), "{text}");
    }

    #[test]
    fn digests_pin_and_invalid_references_are_left_to_other_rules() {
        assert!(messages(&RULE, "FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nARG T\nFROM alpine:${T}\n").is_empty());
    }
}
