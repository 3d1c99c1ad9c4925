//! CP204: a build context fetched from a Git repository without a commit, a download, or an
//! image without a digest.

use super::image_not_pinned::unpinned_image;
use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::rules::pinning::git_source_not_pinned::{follows, pins_commit};
use crate::dockerfile::rules::pinning::image_not_pinned::message_when;
use crate::dockerfile::rules::pinning::sources::{SourceKind, classify_context};
use crate::rules::{FixAvailability, Rule};
use crate::yaml::{Node, Value};

pub static RULE: Rule = Rule {
    code: "CP204",
    name: "remote-build-context",
    title: "Remote build context not pinned",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`build.context` (and each of `build.additional_contexts`) may be a remote: a Git \
repository (`https://github.com/org/repo.git#v1.2:dir`, `git@host:org/repo.git`), an \
HTTP(S) download (a tarball) or, for additional contexts, an image (`docker-image://…`). The \
build reads it when it runs, so a tag or a branch gives it whatever the ref points at that \
day, and a download whatever the server sends: the same compose file builds different \
images.

Pin a Git context to a full commit id after the `#` \
(`https://github.com/org/repo.git#<40 hex digits>:dir`), or with `?checksum=<commit>`, which \
BuildKit verifies; an image context to a digest (`docker-image://alpine:3.20@sha256:…`). A \
download cannot be pinned: vendor the files, or publish them in a repository and pin the \
commit. Local paths, `service:` contexts and OCI layouts are not remote."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  docs:\n    build:\n      context: https://github.com/example/docs-site.git#main\n      additional_contexts:\n        base: docker-image://alpine:3.20\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  docs:\n    build:\n      context: https://github.com/example/docs-site.git#5f1c2b9e8d7a6c5b4a3928171605f4e3d2c1b0a9\n      additional_contexts:\n        base: docker-image://alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n",
    )])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(build) = service.get("build") else {
        return;
    };
    let additional = build
        .get("additional_contexts")
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| {
            Some((
                format!("additional context \"{}\"", entry.key.as_str()?),
                &entry.value,
            ))
        });
    let contexts = build
        .get("context")
        .map(|context| ("build context".to_owned(), context))
        .into_iter()
        .chain(additional);
    for (what, context) in contexts {
        let Value::String(text) = &context.value else {
            continue;
        };
        if !service.in_file(context) {
            continue;
        }
        let what = format!("service \"{}\" {what}", service.name);
        if let Some(message) = unpinned_context(&what, text, context) {
            diagnostics.push(Diagnostic::new(&RULE, context.span, message));
        }
    }
}

/// What is wrong with the context `text` (the value of `node`), if it is a remote one that is
/// not pinned.
fn unpinned_context(what: &str, text: &str, node: &Node) -> Option<String> {
    if let Some(image) = text.strip_prefix("docker-image://") {
        let image = Node::new(Value::String(image.to_owned()), node.span, node.file);
        let (written, reference, why) = unpinned_image(&image)?;
        return Some(message_when(
            &format!("{what} image"),
            "build time",
            written,
            &reference,
            &why,
        ));
    }
    match classify_context(text) {
        SourceKind::Git(git) if !pins_commit(&git) => Some(format!(
            "{what} is the Git repository \"{text}\" and follows {}; pin a commit (#<commit> or ?checksum=<commit>)",
            follows(&git)
        )),
        SourceKind::Http => Some(format!(
            "{what} is downloaded from \"{text}\" when the build runs, and nothing pins what the server sends; vendor it, or use a Git repository pinned to a commit"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{messages, texts};
    use super::*;

    const COMMIT: &str = "5f1c2b9e8d7a6c5b4a3928171605f4e3d2c1b0a9";

    #[test]
    fn git_contexts_without_a_commit() {
        let text = format!(
            "services:\n  a:\n    build: https://github.com/example/a.git#v1.2:app\n  b:\n    build: git@github.com:example/b.git\n  c:\n    build: https://github.com/example/c.git#{COMMIT}:app\n  d:\n    build: https://github.com/example/d.git?ref=main&checksum={COMMIT}\n  e:\n    build: ./e\n  f:\n    build: github.com/example/f#main\n"
        );
        let found = messages(&RULE, &text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("service \"a\" build context is the Git repository \"https://github.com/example/a.git#v1.2:app\" and follows the ref \"v1.2\", which can move"));
        assert!(found[1].contains("follows the default branch"));
        assert!(found[2].contains("the ref \"main\""));
        // The short syntax is reported where the context is written.
        assert_eq!(texts(&RULE, &text)[1], "git@github.com:example/b.git");
    }

    #[test]
    fn downloads_images_and_local_contexts() {
        let text = "services:\n  a:\n    build:\n      context: https://example.com/site.tar.gz\n      additional_contexts:\n        - base=docker-image://alpine:3.20\n        - pinned=docker-image://alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n        - other=service:b\n        - assets=../assets\n        - layout=oci-layout://./layout\n  b:\n    build: ./b\n";
        let found = messages(&RULE, text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("service \"a\" build context is downloaded from \"https://example.com/site.tar.gz\" when the build runs"));
        assert!(found[1].starts_with(
            "service \"a\" additional context \"base\" image \"alpine:3.20\" is pinned by tag only"
        ));
        assert_eq!(texts(&RULE, text)[1], "base=docker-image://alpine:3.20");
    }
}
