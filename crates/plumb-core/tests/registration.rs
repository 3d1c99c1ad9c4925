//! A rule declared in the source but missing from the registration tables would never run
//! and never be documented: every `pub static RULE: Rule` in src/ must be registered.

use plumb_core::rules;
use std::fs;
use std::path::Path;

/// The codes of the rules declared in the Rust files below `directory`.
fn declared_codes(directory: &Path, codes: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            declared_codes(&path, codes);
            continue;
        }
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (index, _) in text.match_indices("pub static RULE: Rule = Rule {") {
            let code = text[index..]
                .split("code: \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("a rule declaration names its code");
            codes.push((code.to_owned(), path.display().to_string()));
        }
    }
}

#[test]
fn every_declared_rule_is_registered() {
    let mut declared = Vec::new();
    declared_codes(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut declared,
    );
    assert!(declared.len() > 50, "found only {} rules", declared.len());
    for (code, path) in &declared {
        assert!(
            rules::find(code).is_some_and(|rule| rule.code == code),
            "{path}: rule {code} is declared but not registered"
        );
    }
    assert_eq!(
        declared.len(),
        rules::all().len(),
        "registered rules that are not declared as `pub static RULE`"
    );
}
