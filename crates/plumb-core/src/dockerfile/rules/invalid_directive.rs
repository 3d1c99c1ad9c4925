//! DF003: a parser directive with a value BuildKit refuses.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF003",
    name: "invalid-directive",
    title: "Parser directive has an invalid value",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("invalid escape token"),
        Upstream::BuildkitError("invalid check option"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`# escape=` accepts only a backslash or a backtick. `# check=` takes up to three \
`;`-separated options: `skip=<rules>|all`, `experimental=<rules>|all` and `error=<bool>`. \
BuildKit refuses to build with any other value."
    ),
    failing_example: crate::rules::rule_example!(Text("# escape=/\nFROM alpine:3.20\n")),
    passing_example: crate::rules::rule_example!(Text("# escape=`\nFROM alpine:3.20\n")),
};
