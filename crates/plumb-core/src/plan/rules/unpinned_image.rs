//! PL201: an image the plan cannot pin: no lock, or a reference with a variable that has no
//! value.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "PL201",
    name: "unpinned-image",
    title: "Image not pinned by the plan",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Every image a step pulls (the `# syntax=` frontend, `FROM` bases, \
`COPY --from` and mount images) enters the plan by the digest of its manifest for the \
step's platform. The digest comes from the reference itself (`name@sha256:…`) or from \
`plumb.lock`; without either the step says `unpinned` and its output cannot be expected to \
be the same twice. A reference with a variable that has no value (`FROM $BASE`) cannot be \
locked at all.

Run `plumb lock`, or give the variable a default. Under `--locked` this is an error. \
`plumb check` reports the same images as DF201; this finding is the plan's."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM registry.test/base:1\n")),
    passing_example: crate::rules::rule_example!(Text(
        "FROM registry.test/base:1@sha256:1111111111111111111111111111111111111111111111111111111111111111\n",
    )),
};
