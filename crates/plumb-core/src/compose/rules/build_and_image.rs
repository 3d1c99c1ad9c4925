//! CP203: a service with both `build` and `image`, which docker compose may pull instead of
//! building.

use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP203",
    name: "build-and-image",
    title: "Service has both `build` and `image`",
    severity: Severity::Warning,
    upstream: &[Upstream::Dclint("no-build-and-image")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "When a service has both, docker compose first looks for `image`: it uses a local \
image of that name, or pulls it, and builds only when the pull fails. Which image runs then \
depends on the machine and on the registry: an old local image, or whatever someone pushed \
under that name, rather than what the `build` section describes.

Add `pull_policy: build`: compose then always builds, and `image` only names the result \
(for `docker compose push`). Otherwise keep one of the two: `build` to build, `image` to \
run a published image. dclint reports the same (`no-build-and-image`; its `checkPullPolicy` \
option accepts any `pull_policy`, plumb only `build`)."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  api:\n    build: ./api\n    image: registry.example.com/shop/api:2.3\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  api:\n    build: ./api\n    image: registry.example.com/shop/api:2.3\n    pull_policy: build\n",
    )])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let (Some(build), Some(image)) = (service.get("build"), service.get("image")) else {
        return;
    };
    if service.text("pull_policy") == Some("build") {
        return;
    }
    let Some(reported) = [image, build]
        .into_iter()
        .find(|node| service.in_file(node))
    else {
        return;
    };
    let name = image.as_str().unwrap_or_default();
    diagnostics.push(Diagnostic::new(
        &RULE,
        reported.span,
        format!(
            "service \"{}\" has both build and image: docker compose runs a local or pulled \"{name}\" and builds only when there is none, so what runs depends on the registry; add pull_policy: build to always build",
            service.name
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{found, texts};
    use super::*;

    #[test]
    fn build_and_image_unless_pull_policy_build() {
        let text = "services:\n  a:\n    build: ./a\n    image: example/a:1\n  b:\n    build: ./b\n    image: example/b:1\n    pull_policy: build\n  c:\n    build:\n      context: ./c\n    image: example/c:1\n    pull_policy: always\n  d:\n    build: ./d\n";
        assert_eq!(texts(&RULE, text), ["example/a:1", "example/c:1"]);
    }

    #[test]
    fn reported_where_this_file_writes_one_of_them() {
        let found = found(
            &RULE,
            &[
                (
                    "compose.yaml",
                    "services:\n  a:\n    image: example/a:1\n  b:\n    image: example/b:1\n",
                ),
                (
                    "compose.override.yaml",
                    "services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n    pull_policy: build\n",
                ),
            ],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].text.as_str()),
            ("compose.yaml", "example/a:1")
        );
    }
}
