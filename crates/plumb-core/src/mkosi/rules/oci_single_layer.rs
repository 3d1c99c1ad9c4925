//! MK301: Format=oci, which mkosi writes as one layer.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK301",
    name: "oci-single-layer",
    title: "mkosi's OCI image is one layer",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "mkosi writes `Format=oci` as an OCI layout with exactly one layer, the whole root \
file system (as `docker import` of a tarball does): a registry and a runtime share \
nothing between two versions of the image, and every change ships all of it again. \
`BaseTrees=` with `Overlay=yes` does not make a second layer either. Building the tree as \
`Format=directory` and assembling the layers from it keeps them apart."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Output]\nFormat=oci\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Output]\nFormat=directory\n",
    )])),
};

pub fn finding(span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        "mkosi writes Format=oci as a single layer holding the whole root file system",
    )
}
