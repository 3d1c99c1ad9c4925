//! MK204: a default tools tree built from a moving mirror.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK204",
    name: "unpinned-tools-tree",
    title: "Default tools tree from a moving mirror",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`ToolsTree=default` builds the tools mkosi runs (package managers, systemd-repart, \
compressors) from `ToolsTreeDistribution=`'s current release, unless `ToolsTreeMirror=` \
(or `Snapshot=` in `mkosi.tools.conf` for mkosi 26) pins where they come from. The tools \
decide bytes of the image (compression, file system layout), so unpinned tools are one more \
thing that changes between builds."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Host]\nToolsTree=default\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Host]\nToolsTree=default\nToolsTreeMirror=https://snapshot.debian.org/archive/debian/20241201T000000Z\n",
    )])),
};

pub fn finding(span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        "the default tools tree comes from a moving mirror: no ToolsTreeMirror= pins it",
    )
}
