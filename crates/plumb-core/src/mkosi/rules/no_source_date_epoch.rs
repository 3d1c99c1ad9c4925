//! MK201: a tree that sets no SourceDateEpoch=, so its timestamps are the build's.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK201",
    name: "mkosi-no-source-date-epoch",
    title: "No SourceDateEpoch=",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "Without `SourceDateEpoch=` (or `SOURCE_DATE_EPOCH` in `Environment=` or the \
environment mkosi runs in), mkosi leaves every file's modification time at the moment the \
build wrote it and stamps OCI images with the time of the build, so no two builds are \
alike. With it, mkosi clamps every mtime to it and passes it to the scripts and to \
systemd-repart. The fix sets `SourceDateEpoch=0`, which is unsafe: the time of the \
commit the image is built from (`git log -1 --format=%ct`) is the usual choice."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n\n[Output]\nFormat=tar\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n\n[Output]\nFormat=tar\n\n[Content]\nSourceDateEpoch=1700000000\n",
    )])),
};

pub fn finding(span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        "no SourceDateEpoch=: the image's timestamps are those of the build, so two builds differ",
    )
}
