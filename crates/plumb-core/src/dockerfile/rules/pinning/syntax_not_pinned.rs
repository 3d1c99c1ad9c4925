//! DF202: a `# syntax=` frontend image without a digest.

use super::image_not_pinned::{message, unpinned};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::image_reference;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF202",
    name: "syntax-not-pinned",
    title: "Dockerfile frontend not pinned by digest",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "The `# syntax=` directive names the image that parses and converts this \
Dockerfile. `docker/dockerfile:1` follows every 1.x release, so the same file can be read \
by a newer frontend with new defaults, new checks and new behaviour from one build to the \
next; an untagged frontend follows `latest`. Pin the frontend like any other image, with its \
digest: `# syntax=docker/dockerfile:1.12@sha256:…`. BuildKit's reference recommends this in \
particular together with `# check=error=true`, so that a new check in a newer frontend cannot \
fail an unchanged build.

No fix is offered: a digest cannot be looked up offline. A file without a `# syntax=` line is \
not reported: it uses the frontend built into the BuildKit that runs it."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1\nFROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1.12@sha256:db1ff77fb637a5955317c7a3a62540196396d565f3dd5742e76dddbb6d75c4c5\nFROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(directive) = context.dockerfile.directive("syntax") else {
        return;
    };
    let written = directive.value.as_str();
    let Ok(reference) = image_reference::parse(written) else {
        return;
    };
    if let Some(why) = unpinned(&reference) {
        diagnostics.push(Diagnostic::new(
            &RULE,
            directive.value_span,
            message("frontend image", written, &reference, &why),
        ));
    }
}
