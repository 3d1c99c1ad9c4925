//! DF024: stage reference is invalid.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF024",
    name: "stage-reference",
    title: "Stage reference is invalid",
    severity: Severity::Error,
    upstream: &[
        Upstream::Hadolint("DL3023"),
        Upstream::BuildkitError("invalid stage index"),
        Upstream::BuildkitError("it needs to be defined before current stage"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`COPY --from` and `RUN --mount from=` may name an earlier stage (by name or index) or an image. A stage index that does not exist, or a stage that is defined at or after the current one, is an error. hadolint's DL3023 covers only a stage copying from itself; plumb also reports indexes and later stages, as BuildKit does."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nCOPY --from=1 /out /out\nFROM alpine:3.20\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nRUN echo hi > /out\nFROM alpine:3.20\nCOPY --from=0 /out /out\n",
    )),
};
