//! plumb's reader of mkosi configuration against mkosi 24.3's own (`parse_ini`, in the two
//! passes mkosi makes over a file, tests/oracles/mkosi_ini.py) on every file in
//! tests/fixtures/mkosi-ini/: the same first error, word for word (a value its setting's
//! parser refuses among them), or the same settings' assignments, section, key and value.

use plumb_core::mkosi::ini::{self, ConfFile, IniError};
use plumb_core::mkosi::rules::refusal;
use plumb_core::mkosi::settings::MKOSI_24;
use plumb_tests::mkosi;
use plumb_tests::plumb::workspace_root;
use serde_json::{Value, json};
use std::fs;

/// What mkosi 24 does with `text` as plumb predicts it, in the oracle's form.
fn predicted(name: &str, text: &str) -> Value {
    let (file, errors) = ini::parse(text, MKOSI_24.syntax);
    let section_of = |error: &IniError| {
        error
            .section
            .map(|index| file.sections[index].name.as_str())
    };
    // Pass one reads the condition sections (and dies on a header or a line before any
    // section wherever it is); pass two the settings' sections.
    let first_pass = errors.iter().find(|error| {
        section_of(error).is_none_or(|section| MKOSI_24.condition_sections.contains(&section))
    });
    // Pass two reads the settings' sections in order, each assignment parsed as it is read.
    let reading = errors
        .iter()
        .filter(|error| {
            section_of(error).is_some_and(|section| MKOSI_24.sections.contains(&section))
        })
        .map(|error| (error.span.start, error.message.clone()));
    let parsing = file
        .sections
        .iter()
        .filter(|section| MKOSI_24.sections.contains(&section.name.as_str()))
        .flat_map(|section| &section.assignments)
        .filter_map(|assignment| {
            let setting = MKOSI_24
                .get(&assignment.key)
                .or_else(|| MKOSI_24.renamed(&assignment.key))?;
            let (message, _) = refusal(&assignment.value, setting)?;
            Some((assignment.line_start, message))
        });
    let second_pass = reading.chain(parsing).min_by_key(|(start, _)| *start);
    let first_error = first_pass
        .map(|error| error.message.clone())
        .or(second_pass.map(|(_, message)| message));
    if let Some(message) = first_error {
        return json!({ "file": name, "assignments": [], "error": message });
    }
    json!({ "file": name, "assignments": assignments(&file), "error": null })
}

fn assignments(file: &ConfFile) -> Vec<Value> {
    file.sections
        .iter()
        .filter(|section| MKOSI_24.sections.contains(&section.name.as_str()))
        .flat_map(|section| {
            section
                .assignments
                .iter()
                .map(|assignment| json!([section.name, assignment.key, assignment.value]))
        })
        .collect()
}

#[test]
fn plumb_reads_every_file_as_mkosi_24_does() {
    if !mkosi::required() {
        return;
    }
    let directory = workspace_root().join("tests/fixtures/mkosi-ini");
    let mut files: Vec<_> = fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let arguments: Vec<&std::path::Path> = files.iter().map(|path| path.as_path()).collect();
    let printed = mkosi::oracle("mkosi_ini.py", &arguments);
    let mut disagreements = Vec::new();
    for (file, line) in files.iter().zip(printed.lines()) {
        let expected: Value = serde_json::from_str(line).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        let actual = predicted(&name, &fs::read_to_string(file).unwrap());
        if actual != expected {
            disagreements.push(format!("{name}:\n  mkosi {expected}\n  plumb {actual}"));
        }
    }
    assert_eq!(printed.lines().count(), files.len());
    assert!(files.len() >= 30, "{} files", files.len());
    assert!(
        disagreements.is_empty(),
        "{} of {} files read otherwise:\n{}",
        disagreements.len(),
        files.len(),
        disagreements.join("\n")
    );
}
