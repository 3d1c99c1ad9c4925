//! MK203: packages from a distribution's moving mirror, not a snapshot.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK203",
    name: "unpinned-mirror",
    title: "Packages from a moving mirror",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A distribution's mirror changes as packages are updated, so the same tree installs \
other versions next week. mkosi 26 pins a mirror's state with `Snapshot=` (the ID `mkosi \
latest-snapshot` prints); mkosi 24 has no such setting, and a pinned state is a `Mirror=` \
or `LocalMirror=` on a snapshot service (`snapshot.debian.org/archive/debian/<time>`, \
`snapshot.ubuntu.com/ubuntu/<time>`, the Arch Linux Archive's dated `repos/`) or a local \
repository of exactly the packages wanted. `plumb lock` pins an mkosi tree's packages \
without either."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\nRelease=bookworm\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\nRelease=bookworm\nMirror=https://snapshot.debian.org/archive/debian/20241201T000000Z\n",
    )])),
};

/// Whether a mirror's URL names one state of its distribution: a snapshot service, a dated
/// archive, or a repository on the build host.
pub fn is_pinned(url: &str) -> bool {
    let url = url.to_ascii_lowercase();
    url.starts_with("file:")
        || url.starts_with('/')
        || url.contains("snapshot")
        || url.contains("archive.archlinux.org/repos/")
}

pub fn finding(distribution: &str, release: &str, span: Span) -> Diagnostic {
    let pin = if release == "24" {
        "Mirror= or LocalMirror= on a snapshot"
    } else {
        "Snapshot="
    };
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "{distribution}'s packages come from its moving mirror: nothing pins their versions ({pin})"
        ),
    )
}
