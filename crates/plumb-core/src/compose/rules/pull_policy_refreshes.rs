//! CP202: a `pull_policy` that pulls the image again, so the tag's current image runs.

use super::image_not_pinned::unpinned_image;
use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "CP202",
    name: "pull-policy-refreshes",
    title: "Pull policy pulls the image again",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "With `pull_policy: always` docker compose pulls the service's image at every `up`; \
with `daily`, `weekly`, `every_<duration>` (`every_12h`) or `refresh` it pulls it again once \
the local copy is older than that. Whatever the tag points at by then is what runs, so two \
`up`s of the same file, on the same machine, may run different images, and a rollback to \
an older revision of the file does not bring the older image back.

Pin the image by digest (`image: name:tag@sha256:…`, see CP201): a pull then always gets \
the same image, and the rule is quiet. Otherwise leave `pull_policy` out (`missing`: pull \
only when the image is not there) and update images on purpose, with `docker compose pull`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    pull_policy: always\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28@sha256:0ad9e58f00f6a0d92f8c0a2a32285366a0ee948d9ad6ad9ea0a9a8df6e5d2bd9\n    pull_policy: always\n",
    )])),
};

/// When a policy pulls again, for the message; `None` when it does not.
fn pulls_again(policy: &str) -> Option<String> {
    Some(match policy {
        "always" => "at every up".to_owned(),
        "daily" => "when the local copy is a day old".to_owned(),
        "weekly" => "when the local copy is a week old".to_owned(),
        "refresh" => "when the local copy is older than pull_refresh_after".to_owned(),
        _ => {
            let every = policy
                .strip_prefix("every_")
                .filter(|every| !every.is_empty())?;
            format!("when the local copy is {every} old")
        }
    })
}

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(policy) = service.written("pull_policy") else {
        return;
    };
    let Some(when) = policy.as_str().and_then(pulls_again) else {
        return;
    };
    // A digest pulls the same image every time; an unparsable reference is not pulled.
    let pulled = service.get("image").and_then(unpinned_image);
    let Some((image, _, _)) = pulled else {
        return;
    };
    diagnostics.push(Diagnostic::new(
        &RULE,
        policy.span,
        format!(
            "service \"{}\" pulls \"{image}\" again {when} (pull_policy: {}), so two runs of the same file may run different images; pin the image by digest",
            service.name,
            policy.as_str().unwrap_or_default(),
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{messages, texts};
    use super::*;

    #[test]
    fn policies_that_pull_again() {
        let text = "services:\n  a:\n    image: nginx:1.28\n    pull_policy: always\n  b:\n    image: nginx:1.28\n    pull_policy: daily\n  c:\n    image: nginx:1.28\n    pull_policy: every_12h\n  d:\n    image: nginx:1.28\n    pull_policy: missing\n  e:\n    image: nginx:1.28\n    pull_policy: if_not_present\n  f:\n    image: nginx:1.28\n    pull_policy: never\n  g:\n    image: nginx:1.28\n    build: .\n    pull_policy: build\n  h:\n    image: nginx:1.28\n    pull_policy: weekly\n";
        let found = messages(&RULE, text);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with(
            "service \"a\" pulls \"nginx:1.28\" again at every up (pull_policy: always)"
        ));
        assert!(found[1].contains("when the local copy is a day old"));
        assert!(found[2].contains("when the local copy is 12h old"));
        assert!(found[3].contains("a week old"));
        assert_eq!(texts(&RULE, text)[0], "always");
    }

    #[test]
    fn a_digest_pulls_the_same_image() {
        let text = "services:\n  a:\n    image: nginx@sha256:0ad9e58f00f6a0d92f8c0a2a32285366a0ee948d9ad6ad9ea0a9a8df6e5d2bd9\n    pull_policy: always\n";
        assert!(messages(&RULE, text).is_empty());
    }
}
