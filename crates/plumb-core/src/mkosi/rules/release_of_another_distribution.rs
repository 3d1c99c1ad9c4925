//! MK303: a Release= that names a release of another distribution.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK303",
    name: "release-of-another-distribution",
    title: "Release= of another distribution",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "mkosi takes `Release=` as it is and asks the distribution's mirror for it: \
`Release=bookworm` with `Distribution=ubuntu` (or `noble` with `debian`) fails when the \
repository metadata is fetched, after the tools tree and any prepare step. Debian and \
Ubuntu name their releases; a name of the other one is almost always a copied line."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=ubuntu\nRelease=bookworm\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=ubuntu\nRelease=noble\n",
    )])),
};

/// The release names of the distributions that name theirs.
const RELEASES: [(&str, &[&str]); 2] = [
    (
        "debian",
        &[
            "buzz", "rex", "bo", "hamm", "slink", "potato", "woody", "sarge", "etch", "lenny",
            "squeeze", "wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie",
            "forky", "duke", "sid",
        ],
    ),
    (
        "ubuntu",
        &[
            "trusty", "xenial", "bionic", "focal", "groovy", "hirsute", "impish", "jammy",
            "kinetic", "lunar", "mantic", "noble", "oracular", "plucky", "questing",
        ],
    ),
];

/// The distribution whose release `release` is, when it is not `distribution`.
pub fn owner_of(release: &str, distribution: &str) -> Option<&'static str> {
    RELEASES
        .iter()
        .find(|(_, releases)| releases.contains(&release))
        .map(|(owner, _)| *owner)
        .filter(|owner| *owner != distribution)
}

pub fn finding(release: &str, owner: &str, distribution: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!("Release={release} is a release of {owner}, not of {distribution}"),
    )
}
