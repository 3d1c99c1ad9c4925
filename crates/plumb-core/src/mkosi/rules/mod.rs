//! The MK rules over one mkosi configuration file: what mkosi refuses to read (MK001), and
//! what it reads and then ignores or only warns about, checked against the settings of the
//! release (MK002–MK004, MK401).

mod deprecated_setting;
mod ignored_section;
mod misplaced_setting;
mod syntax_error;
mod unknown_setting;

use super::ini::{ConfFile, IniError};
use super::settings::{CONDITION_SECTIONS, LEGACY_HOST_SECTION, SETTINGS_SECTIONS, Settings};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rules::Rule;

/// The MK rules, in code order.
pub static RULES: &[&Rule] = &[
    &syntax_error::RULE,
    &unknown_setting::RULE,
    &misplaced_setting::RULE,
    &ignored_section::RULE,
    &deprecated_setting::RULE,
];

/// Whether mkosi reads a section of a configuration file.
pub fn reads_section(name: &str) -> bool {
    SETTINGS_SECTIONS.contains(&name)
        || CONDITION_SECTIONS.contains(&name)
        || name == LEGACY_HOST_SECTION
}

/// MK001 for what the reader refused.
pub fn syntax(errors: &[IniError]) -> Vec<Diagnostic> {
    errors.iter().map(syntax_error::finding).collect()
}

/// The findings about the sections and settings of `file` against `settings`. Condition
/// sections (`[Match]` and the others) hold conditions, not settings, and are not checked
/// here.
pub fn check(file: &ConfFile, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    let known: Vec<&str> = SETTINGS_SECTIONS
        .iter()
        .chain(&CONDITION_SECTIONS)
        .copied()
        .collect();
    for section in &file.sections {
        if !section.read {
            ignored_section::check(section, &known, diagnostics);
            continue;
        }
        if CONDITION_SECTIONS.contains(&section.name.as_str()) {
            continue;
        }
        for assignment in &section.assignments {
            let found = match settings.get(&assignment.key) {
                Some(setting) => Some(setting),
                None => settings.renamed(&assignment.key).inspect(|setting| {
                    deprecated_setting::check(assignment, setting, diagnostics);
                }),
            };
            match found {
                Some(setting) => {
                    misplaced_setting::check(assignment, setting, &section.name, diagnostics);
                }
                None => unknown_setting::check(assignment, settings, diagnostics),
            }
        }
    }
}

/// `diagnostic` with a suggestion of the `what` (setting, section) among `names` that
/// `written` was probably meant to be: one differing only in letter case is written by a
/// safe fix, one within two edits by an unsafe fix.
fn rename(diagnostic: Diagnostic, written: &str, names: &[&str], what: &str) -> Diagnostic {
    let by_case = names
        .iter()
        .find(|name| name.eq_ignore_ascii_case(written) && **name != written);
    let (name, applicability) = match by_case {
        Some(name) => ((*name).to_owned(), Applicability::Safe),
        None => match crate::suggest::suggest(written, names, true) {
            Some(name) => (name, Applicability::Unsafe),
            None => return diagnostic,
        },
    };
    let span = diagnostic.span;
    let message = format!("{} (did you mean the {what} {name}?)", diagnostic.message);
    Diagnostic {
        message,
        ..diagnostic
    }
    .with_fix(Fix {
        title: format!("write `{name}`"),
        applicability,
        edits: vec![Edit::new(span, name)],
    })
}
