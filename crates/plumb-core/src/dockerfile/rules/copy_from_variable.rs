//! DF022: `COPY --from` uses a variable.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF022",
    name: "copy-from-variable",
    title: "`COPY --from` uses a variable",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "variable expansion is not supported for --from",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit resolves `COPY --from` before any variable is known, so `--from=$STAGE` is an error. Choose the stage in a FROM line instead, where global ARGs work: `ARG VARIANT=alpine`, `FROM builder-$VARIANT AS builder`, then `COPY --from=builder`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "ARG STAGE=build\nFROM alpine:3.20 AS build\nRUN echo hi > /out\nFROM alpine:3.20\nCOPY --from=$STAGE /out /out\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20 AS build\nRUN echo hi > /out\nFROM alpine:3.20\nCOPY --from=build /out /out\n",
    )),
};
