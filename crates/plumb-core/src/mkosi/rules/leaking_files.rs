//! MK205: files known to differ between builds that RemoveFiles= does not remove.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK205",
    name: "leaking-files",
    title: "Files that differ between builds are kept",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "Two builds of the same tree, with `SourceDateEpoch=` set, still differ in files the \
package tools write with the time or the order of the build: glibc's \
`/var/cache/ldconfig/aux-cache` everywhere, and on Debian and Ubuntu dpkg's \
`/var/log/alternatives.log`. mkosi removes neither (its own initrd configuration does). \
The fix adds them to `RemoveFiles=`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n\n[Content]\nSourceDateEpoch=0\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n\n[Content]\nSourceDateEpoch=0\nRemoveFiles=/var/cache/ldconfig/aux-cache\n    /var/log/alternatives.log\n",
    )])),
};

/// The files known to differ between two builds of `distribution`.
pub fn leaking_files(distribution: &str) -> &'static [&'static str] {
    match distribution {
        "debian" | "ubuntu" | "kali" => {
            &["/var/cache/ldconfig/aux-cache", "/var/log/alternatives.log"]
        }
        "custom" => &[],
        _ => &["/var/cache/ldconfig/aux-cache"],
    }
}

pub fn finding(files: &[&str], span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        match files {
            [file] => format!("{file} differs between builds, and RemoveFiles= does not remove it"),
            _ => format!(
                "{} differ between builds, and RemoveFiles= does not remove them",
                files.join(" and ")
            ),
        },
    )
}
