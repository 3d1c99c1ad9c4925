//! MK002: a setting the release does not have, which mkosi 26 ignores with a warning and
//! mkosi 24 refuses.

use super::rename;
use crate::diagnostic::{Diagnostic, Severity};
use crate::mkosi::ini::Assignment;
use crate::mkosi::settings::Settings;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK002",
    name: "unknown-setting",
    title: "Unknown setting",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "mkosi 26 warns `Unknown setting …` and builds without it, so a misspelt setting \
(`Packges=`) or one of another release silently does nothing; mkosi 24 stops there, and \
the finding is then an error. Setting names are \
case-sensitive: `distribution=` is unknown. When the name differs from a setting only in \
letter case the fix writes the setting's name (safe); a name within two edits of one is \
suggested, and the fix that writes it is unsafe."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Content]\nPackges=curl\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Content]\nPackages=curl\n",
    )])),
};

pub fn check(assignment: &Assignment, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = settings.names().collect();
    let what = if settings.refuses_unknown_settings {
        "refuses the configuration"
    } else {
        "ignores it"
    };
    let mut diagnostic = Diagnostic::new(
        &RULE,
        assignment.key_span,
        format!(
            "Unknown setting {}: mkosi {} {what}",
            assignment.key, settings.release
        ),
    );
    if settings.refuses_unknown_settings {
        diagnostic.severity = Severity::Error;
    }
    diagnostics.push(rename(diagnostic, &assignment.key, &names, "setting"));
}
