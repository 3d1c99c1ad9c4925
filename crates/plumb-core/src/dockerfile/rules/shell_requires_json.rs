//! DF018: sHELL is not in JSON form.

use crate::diagnostic::Severity;
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF018",
    name: "shell-requires-json",
    title: "SHELL is not in JSON form",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "requires the arguments to be in JSON form",
    )],
    fix: FixAvailability::None,
    explanation: "SHELL sets the command that runs shell-form RUN, CMD and ENTRYPOINT, and BuildKit accepts it only as a JSON array of strings.",
    failing_example: Example::Text("FROM alpine:3.20\nSHELL /bin/ash -eo pipefail -c\n"),
    passing_example: Example::Text(
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n",
    ),
};
