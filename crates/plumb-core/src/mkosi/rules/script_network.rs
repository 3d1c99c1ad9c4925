//! MK102: a script that reads the network where mkosi gives it none.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK102",
    name: "script-network-without-with-network",
    title: "Script reads the network, which mkosi does not give it",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "mkosi runs `mkosi.build`, `mkosi.postinst` and `mkosi.finalize` without a network \
unless `WithNetwork=yes` (`[Content]` before mkosi 25, `[Build]` since). `npm ci`, \
`pip install`, `curl`, `git clone` and the like then fail with `Could not resolve host`. \
`mkosi.prepare` always has the network, and its results are cached with `Incremental=`: \
fetching there, or vendoring what the build needs, keeps the build itself offline and \
reproducible. The fix sets `WithNetwork=yes`, which is unsafe: the build then reads the \
network."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "mkosi.conf",
            "[Distribution]\nDistribution=debian\n\n[Content]\nBuildPackages=npm\n",
        ),
        ("mkosi.build", "#!/bin/sh\nset -e\nnpm ci\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "mkosi.conf",
            "[Distribution]\nDistribution=debian\n\n[Content]\nBuildPackages=npm\n",
        ),
        ("mkosi.prepare", "#!/bin/sh\nset -e\nnpm ci\n"),
    ])),
};

pub fn finding(what: &str, script: &str, span: crate::source::Span, section: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "{what} reads the network, but mkosi runs {script} without one: WithNetwork= is not yes ([{section}])"
        ),
    )
}
