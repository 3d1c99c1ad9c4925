//! MK004: a section mkosi does not read, which it skips without a word.

use super::rename;
use crate::diagnostic::{Diagnostic, Severity};
use crate::mkosi::ini::Section;
use crate::mkosi::settings::Settings;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK004",
    name: "ignored-section",
    title: "Section mkosi ignores",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "mkosi skips every line of a section it does not know, silently: no warning, exit \
status 0, and none of its settings applied. Section names are case-sensitive, so \
`[distribution]` is such a section. Sections changed between releases too: mkosi 24 has \
no `[Include]`, `[Build]` or `[Runtime]`. It is almost always a mistake; when the name \
differs from a section's only in letter case the fix writes the section's name."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[distribution]\nDistribution=debian\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n",
    )])),
};

pub fn check(
    section: &Section,
    known: &[&str],
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let diagnostic = Diagnostic::new(
        &RULE,
        section.name_span,
        format!(
            "mkosi {} ignores the section [{}] and every setting in it",
            settings.release, section.name
        ),
    );
    diagnostics.push(rename(diagnostic, &section.name, known, "section"));
}
