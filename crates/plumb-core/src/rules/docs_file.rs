//! The rules' documentation as one JSON file (`web/rule-docs.json`): the browser's build
//! leaves the explanations and examples out of its program (the `rule-docs` feature) and
//! fetches this file the first time a rule's documentation is opened. A test writes it from
//! the rules and fails when the committed file is stale, as for docs/rules.md.

use super::Example;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file's name, beside the page.
pub const DOCS_FILE: &str = "rule-docs.json";

/// One rule's documentation: what the browser shows besides what every build has (code,
/// name, title, severity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDocs {
    pub explanation: String,
    pub failing: ExampleDocs,
    pub passing: ExampleDocs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleDocs {
    /// The file's text.
    Text(String),
    /// A file described in words (it cannot be shown).
    Described(String),
    /// Several files: path and text, the reported one first.
    Files(Vec<(String, String)>),
}

impl From<Example> for ExampleDocs {
    fn from(example: Example) -> Self {
        match example {
            Example::Text(text) => ExampleDocs::Text(text.to_owned()),
            Example::Built { description, .. } => ExampleDocs::Described(description.to_owned()),
            Example::Files(files) => ExampleDocs::Files(
                files
                    .iter()
                    .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
                    .collect(),
            ),
        }
    }
}

/// The file's text: every rule's documentation by code, and a final newline.
#[cfg(feature = "rule-docs")]
pub fn docs_file() -> String {
    let docs: BTreeMap<&str, RuleDocs> = super::all()
        .iter()
        .map(|rule| {
            let docs = RuleDocs {
                explanation: rule.explanation.to_owned(),
                failing: rule.failing_example.into(),
                passing: rule.passing_example.into(),
            };
            (rule.code, docs)
        })
        .collect();
    // Strings and maps of them: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&docs).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads the file's text.
pub fn read_docs_file(text: &str) -> Result<BTreeMap<String, RuleDocs>, String> {
    serde_json::from_str(text).map_err(|error| format!("{DOCS_FILE} does not read: {error}"))
}

#[cfg(all(test, feature = "rule-docs"))]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_in_the_file_and_it_reads_back() {
        let docs = read_docs_file(&docs_file()).unwrap();
        assert_eq!(docs.len(), super::super::all().len());
        let typo = &docs["DF103"];
        assert!(typo.explanation.starts_with("BuildKit expands"));
        assert!(matches!(&typo.failing, ExampleDocs::Text(text) if text.contains("$APP_VERSON")));
    }
}
