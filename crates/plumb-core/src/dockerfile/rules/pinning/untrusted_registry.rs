//! DF306: an image from a registry the configuration does not trust.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::external_images::external_images;
use crate::dockerfile::image_reference;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF306",
    name: "untrusted-registry",
    title: "Image from a registry that is not trusted",
    severity: Severity::Error,
    upstream: &[Upstream::Hadolint("DL3026")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Where a team only trusts some registries (its own mirror, a vendor's), an image from \
any other is an input nobody vetted. List the trusted ones in `plumb.toml` \
(`trusted-registries = [\"registry.example.com\", \"docker.io\"]`) or, as hadolint users do, \
in `.hadolint.yaml` (`trustedRegistries:`); without a list the rule is silent. An entry \
`*.example.com` trusts every registry whose name ends in `.example.com`, `example.*` every \
one that starts with `example.`, and `*` any. An image without a registry comes from Docker \
Hub, which `docker.io` (or `hub.docker.com`) trusts.

The rule looks at every image the build pulls: `FROM`, `COPY --from=<image>`, \
`RUN --mount=from=<image>` and the `# syntax=` frontend. Stage names and `scratch` are not \
images.

**Compared with hadolint:** DL3026 checks the same images except the frontend, which the \
build pulls as well."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "Dockerfile",
            "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5\n",
        ),
        (
            "plumb.toml",
            "trusted-registries = [\"registry.example.com\"]\n"
        ),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "Dockerfile",
            "FROM registry.example.com/golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5\n",
        ),
        (
            "plumb.toml",
            "trusted-registries = [\"registry.example.com\"]\n"
        ),
    ])),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let trusted = context.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    for image in external_images(context.dockerfile, context.resolution) {
        // Unset variables and unparsable references are other rules' findings.
        if image.pulled.contains('$') {
            continue;
        }
        let Ok(reference) = image_reference::parse(&image.pulled) else {
            continue;
        };
        let registry = reference.registry.as_deref();
        let allowed = match registry {
            Some(registry) => is_trusted(trusted, registry),
            None => is_trusted(trusted, "docker.io") || is_trusted(trusted, "hub.docker.com"),
        };
        if allowed {
            continue;
        }
        let shown = registry.unwrap_or("docker.io");
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                image.span,
                format!(
                    "{} \"{}\" comes from {shown}, which is not a trusted registry",
                    image.used_as.describe(),
                    image.pulled
                ),
            )
            .with_note(format!("trusted registries: {}", trusted.join(", "))),
        );
    }
}

/// Whether `registry` matches one of the entries: `*` any, `*suffix`, `prefix*`, or exactly.
fn is_trusted(trusted: &[String], registry: &str) -> bool {
    trusted.iter().any(|entry| {
        if entry == "*" {
            true
        } else if let Some(suffix) = entry.strip_prefix('*') {
            registry.ends_with(suffix)
        } else if let Some(prefix) = entry.strip_suffix('*') {
            registry.starts_with(prefix)
        } else {
            registry == entry
        }
    })
}

#[cfg(test)]
mod tests {
    use super::is_trusted;

    #[test]
    fn entries_match_as_hadolint_matches_them() {
        let trusted = [
            "*.example.com".to_owned(),
            "mirror.*".to_owned(),
            "ghcr.io".to_owned(),
        ];
        assert!(is_trusted(&trusted, "registry.example.com"));
        assert!(is_trusted(&trusted, "mirror.internal:5000"));
        assert!(is_trusted(&trusted, "ghcr.io"));
        assert!(!is_trusted(&trusted, "ghcr.io.evil"));
        assert!(!is_trusted(&trusted, "docker.io"));
        assert!(is_trusted(&["*".to_owned()], "anything"));
    }
}
