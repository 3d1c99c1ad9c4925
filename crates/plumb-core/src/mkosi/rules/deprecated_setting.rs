//! MK401: an old name of a setting, which mkosi still reads with a warning.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::mkosi::ini::Assignment;
use crate::mkosi::settings::Setting;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK401",
    name: "deprecated-setting",
    title: "Deprecated setting name",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "mkosi renamed some settings and still reads their old names, warning `Setting \
QemuMem is deprecated, please use RAM instead.`; a later release may drop them. The fix \
writes the current name."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Runtime]\nQemuMem=4G\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[("mkosi.conf", "[Runtime]\nRAM=4G\n",)])),
};

pub fn check(assignment: &Assignment, setting: &Setting, diagnostics: &mut Vec<Diagnostic>) {
    let diagnostic = Diagnostic::new(
        &RULE,
        assignment.key_span,
        format!(
            "Setting {} is deprecated, please use {} instead",
            assignment.key, setting.name
        ),
    )
    .with_fix(Fix {
        title: format!("write `{}`", setting.name),
        applicability: Applicability::Safe,
        edits: vec![Edit::new(assignment.key_span, setting.name)],
    });
    diagnostics.push(diagnostic);
}
