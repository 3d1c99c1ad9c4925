//! DF018: sHELL is not in JSON form.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF018",
    name: "shell-requires-json",
    title: "SHELL is not in JSON form",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "requires the arguments to be in JSON form",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "SHELL sets the command that runs shell-form RUN, CMD and ENTRYPOINT, and BuildKit accepts it only as a JSON array of strings."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nSHELL /bin/ash -eo pipefail -c\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n",
    )),
};
