//! MK202: a disk image without Seed=, whose partition and file system UUIDs are random.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK202",
    name: "random-seed",
    title: "Disk image without Seed=",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "mkosi builds `Format=disk` (the default), `esp`, `sysext`, `confext` and `portable` \
images with systemd-repart, seeded by `Seed=`, whose default is a new random UUID on every \
run: the partition table's and file systems' UUIDs, and so the image's bytes, differ from \
one build to the next. The fix writes a fixed `Seed=` (a UUID derived from the tree's \
directory); it is unsafe because images that must not share UUIDs need different seeds."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n\n[Content]\nSourceDateEpoch=0\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n\n[Output]\nSeed=0f5a1b2c-3d4e-5f60-7182-93a4b5c6d7e8\n\n[Content]\nSourceDateEpoch=0\n",
    )])),
};

pub fn finding(format: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "Format={format} without Seed=: its partition and file system UUIDs are random in every build"
        ),
    )
}
