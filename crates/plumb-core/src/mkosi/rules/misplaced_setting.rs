//! MK003: a setting in another section than its own, which mkosi applies with a warning.

use crate::diagnostic::{Diagnostic, Severity};
use crate::mkosi::ini::Assignment;
use crate::mkosi::settings::Setting;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK003",
    name: "setting-in-wrong-section",
    title: "Setting in the wrong section",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Each setting belongs in one section. mkosi still applies one written in another \
known section, warning `Setting Format should be configured in [Output], not [Content].` \
Sections moved between releases (mkosi 25 renamed `[Host]` to `[Runtime]` and moved many \
settings to `[Build]`), so this is often a file written for an older mkosi. Move the line \
to the section named."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Content]\nFormat=tar\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Output]\nFormat=tar\n",
    )])),
};

pub fn check(
    assignment: &Assignment,
    setting: &Setting,
    section: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if setting.section != section {
        diagnostics.push(Diagnostic::new(
            &RULE,
            assignment.key_span,
            format!(
                "Setting {} should be configured in [{}], not [{section}]",
                setting.name, setting.section
            ),
        ));
    }
}
