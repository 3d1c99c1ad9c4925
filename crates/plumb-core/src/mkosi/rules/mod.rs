//! The MK rules over one mkosi configuration file: what mkosi refuses to read (MK001), and
//! what it reads and then ignores or only warns about, checked against the settings of the
//! release (MK002–MK006, MK401). MK101 and MK102, over a tree's scripts, and MK201–MK303,
//! over a tree's settings together, are raised across files (`crate::cross_file`).

pub mod bootable_without_disk;
pub mod cache_only_without_cache;
mod deprecated_setting;
mod ignored_section;
mod invalid_value;
pub mod leaking_files;
mod misplaced_setting;
pub mod no_source_date_epoch;
pub mod oci_single_layer;
pub mod random_seed;
pub mod release_of_another_distribution;
pub mod script_command_unavailable;
pub mod script_network;
mod syntax_error;
mod unknown_setting;
mod unknown_specifier;
pub mod unpinned_mirror;
pub mod unpinned_tools_tree;

pub use invalid_value::refusal;

use super::ini::{ConfFile, IniError};
use super::settings::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rules::Rule;

/// The MK rules, in code order.
pub static RULES: &[&Rule] = &[
    &syntax_error::RULE,
    &unknown_setting::RULE,
    &misplaced_setting::RULE,
    &ignored_section::RULE,
    &invalid_value::RULE,
    &deprecated_setting::RULE,
    &unknown_specifier::RULE,
];

/// The findings about `file` (whose text is `text`), read with `errors`, for the release
/// `settings`: what mkosi refuses (but not inside a section it skips), the sections it
/// skips, and each setting of the others. Condition sections (`[Match]` and the others)
/// hold conditions, not settings: only their specifiers are checked here.
pub fn check(
    file: &ConfFile,
    errors: &[IniError],
    text: &str,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let reads = |index: usize| settings.reads_section(&file.sections[index].name);
    diagnostics.extend(
        errors
            .iter()
            .filter(|error| error.section.is_none_or(reads))
            .map(syntax_error::finding),
    );
    let known = settings.section_names();
    for section in &file.sections {
        if !settings.reads_section(&section.name) {
            ignored_section::check(section, &known, settings, diagnostics);
            continue;
        }
        for assignment in &section.assignments {
            unknown_specifier::check(assignment, text, settings, diagnostics);
        }
        if settings.condition_sections.contains(&section.name.as_str()) {
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
                    invalid_value::check(assignment, setting, diagnostics);
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

#[cfg(test)]
mod tests {
    use super::check;
    use crate::mkosi::ini::parse;
    use crate::mkosi::settings::{MKOSI_24, MKOSI_26, Settings};

    fn codes(text: &str, settings: &Settings) -> Vec<&'static str> {
        let (file, errors) = parse(text, settings.syntax);
        let mut diagnostics = Vec::new();
        check(&file, &errors, text, settings, &mut diagnostics);
        diagnostics
            .iter()
            .map(|diagnostic| diagnostic.rule.code)
            .collect()
    }

    #[test]
    fn the_release_decides_which_sections_and_lines_mkosi_reads() {
        let text = "[Runtime]\nRAM=4G\nno equals sign\n[Host]\nQemuMem=4G\n";
        // mkosi 24 skips [Runtime] unseen; its [Host] has QemuMem.
        assert_eq!(codes(text, &MKOSI_24), ["MK004"]);
        // mkosi 26 reads both: the line without `=`, [Host]'s setting named the old way.
        assert_eq!(codes(text, &MKOSI_26), ["MK001", "MK401", "MK003"]);
    }
}
