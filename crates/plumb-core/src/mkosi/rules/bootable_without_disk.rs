//! MK302: Bootable= asked of a format that has no boot partition.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK302",
    name: "bootable-without-disk",
    title: "Bootable= in a format that does not boot",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`Bootable=yes` installs a boot loader and a kernel and, in a disk image, an EFI \
system partition to boot from. A `directory`, `tar`, `cpio`, `oci` or extension image has \
no partitions: it carries the boot loader's files but nothing boots them, and the kernel \
and initrd make it larger. Use `Format=disk` (or `esp`, `uki`) for an image that boots, \
or leave `Bootable=` at `auto`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Output]\nFormat=tar\n\n[Content]\nBootable=yes\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Output]\nFormat=disk\n\n[Content]\nBootable=yes\n",
    )])),
};

/// The formats an image boots from.
pub const BOOTING_FORMATS: [&str; 3] = ["disk", "esp", "uki"];

pub fn finding(format: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!("Bootable= is on, but a Format={format} image has no partition to boot from"),
    )
}
