//! DF030: a feature the frontend pinned by `# syntax=` (or the built-in one) does not have. The check lives in
//! `dockerfile/frontend_version/`, with the table of when each feature arrived.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF030",
    name: "unsupported-syntax-feature",
    title: "Feature not available in the Dockerfile syntax pinned by `# syntax=`",
    severity: Severity::Error,
    // Older frontends fail with their own messages (`unknown flag`, `unsupported modifier`,
    // heredoc bodies read as instructions…) or silently ignore the feature.
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A `# syntax=docker/dockerfile:<version>` directive makes BuildKit build the \
file with that release of the Dockerfile frontend instead of the one it ships. plumb reads \
Dockerfiles the way the newest frontend does, so it checks every feature the file uses against \
the release the directive pins: heredocs (1.4), `RUN --mount` (1.2), `RUN --network` (1.3), \
`COPY --link` (1.4), `ADD --checksum` (1.6), `COPY --exclude` (1.19), `COPY --parents` and \
`RUN --security` (1.20), the `${VAR#…}`, `${VAR%…}` and `${VAR/…/…}` expansions (1.7), the \
`# check=` directive (1.8) and more; `docs/dockerfile-versions.md` has the full table. A tag \
like `1`, `latest` or no tag selects the newest stable release, which still lacks the \
features that are only on the labs channel (`RUN --device`); a `-labs` tag adds them. Without \
a `# syntax=` line BuildKit builds with the frontend built into it, a stable release, so the \
labs-only features are reported there too. Other frontends, tags that are not versions and \
digests without a tag are not checked.\n\n\
Older frontends stop with their own error for most of these features; a few (`# check=`, the \
`SOURCE_DATE_EPOCH` default of a global ARG) are silently ignored instead, which is worse. \
Raise the pin to the version the message names, or to `docker/dockerfile:1` to always get the \
newest stable release, or stop using the feature."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1.3\nFROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\nEOF\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "# syntax=docker/dockerfile:1.4\nFROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\nEOF\n",
    )),
};
