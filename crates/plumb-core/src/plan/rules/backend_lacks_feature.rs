//! PL001: the Dockerfile uses something the plan's backend cannot build.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "PL001",
    name: "backend-lacks-feature",
    title: "The backend cannot build this",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A plan names the program that executes it. Debian's buildah 1.28, the \
executor's backend, reads Dockerfiles with its own parser, which lacks later BuildKit \
features: heredocs (`RUN <<EOF`), `ADD --checksum`, `COPY --exclude`, `COPY --parents` and \
`ADD` of a Git repository (it takes `https://…/repo.git` for a file to download). It would \
reject the file or build something else, so the plan refuses it.

Write the step without the feature (a script file copied in instead of a heredoc, a \
download checked by `sha256sum -c` in a RUN), or plan for BuildKit (`plumb plan --backend \
buildx`, or `--emit bake`)."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM scratch\nCOPY --parents src/*/config.toml /etc/\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM scratch\nCOPY src/a/config.toml /etc/src/a/\n"
    )),
};
