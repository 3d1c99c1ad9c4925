//! SARIF output validates against the SARIF 2.1.0 JSON schema (checked with Python's
//! `jsonschema`, installed by scripts/test) and carries the positions of the JSON output.

use plumb_tests::plumb::workspace_root;

plumb_tests::use_plumb_binary!();
use plumb_tests::prerequisites::require;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn sarif_output_matches_the_sarif_2_1_0_schema() {
    let python = std::env::var_os("PLUMB_TEST_PYTHON").map(PathBuf::from);
    let schema = std::env::var_os("PLUMB_SARIF_SCHEMA").map(PathBuf::from);
    let available = python.as_ref().is_some_and(|path| path.is_file())
        && schema.as_ref().is_some_and(|path| path.is_file());
    if !require(
        "PLUMB_TEST_PYTHON (with jsonschema) and PLUMB_SARIF_SCHEMA, set up by scripts/test",
        available,
    ) {
        return;
    }
    let fixtures = workspace_root().join("tests/fixtures/cli");
    let run = plumb(
        &fixtures,
        &["check", "--format", "sarif", "broken/Dockerfile"],
    );
    assert_eq!(run.code, 1);
    let sarif: serde_json::Value = run.json();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["ruleId"], "DF001");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            [results[0]["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "DF001"
    );

    let output = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(output.path(), &run.stdout).unwrap();
    let validation = Command::new(python.unwrap())
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             document = json.load(open(sys.argv[2]))\n\
             validator = jsonschema.validators.validator_for(schema)(schema)\n\
             validator.validate(document)\n\
             broken = dict(document, version='9.9')\n\
             assert not validator.is_valid(broken), 'the validator accepts anything'\n\
             print('valid')",
        ])
        .arg(schema.unwrap())
        .arg(output.path())
        .output()
        .expect("python runs");
    assert!(
        validation.status.success(),
        "SARIF does not match the schema:\n{}",
        String::from_utf8_lossy(&validation.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&validation.stdout).trim(), "valid");
}
