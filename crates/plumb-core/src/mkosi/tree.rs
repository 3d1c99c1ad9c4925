//! An mkosi configuration tree as far as plumb resolves it today: the configuration files of
//! one directory in the order mkosi reads them (`mkosi.conf`, then `mkosi.conf.d/*.conf`
//! sorted, then `mkosi.local.conf`, whose values win), and the values of the settings the
//! script checks need, with mkosi's rules for lists (assignments add up, an empty one
//! resets) and single values (the last wins, an empty one resets to the default).

use super::format::MkosiDocument;
use super::ini::Assignment;
use super::settings::{Collection, Settings};
use crate::analysis::AnalyzedFile;
use crate::source::Span;
use std::collections::BTreeMap;

/// One directory's configuration files.
#[derive(Debug)]
pub struct Tree<'a> {
    /// The directory (workspace path, empty for the top).
    pub directory: String,
    /// Path and document of each file, in mkosi's order.
    pub files: Vec<(&'a str, &'a MkosiDocument)>,
}

/// The sections of conditions, in every release.
const CONDITION_SECTIONS: [&str; 4] = ["Match", "TriggerMatch", "Assert", "TriggerAssert"];

/// A value as written: the file, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub file: String,
    pub span: Span,
}

/// A file of a tree: its rank in mkosi's order and its path, then its document.
type Ranked<'a> = ((u8, &'a str), &'a MkosiDocument);

/// The configuration trees among the analysed files, by directory.
pub fn trees(files: &[AnalyzedFile]) -> Vec<Tree<'_>> {
    let mut grouped: BTreeMap<String, Vec<Ranked>> = BTreeMap::new();
    for file in files {
        let Some(document) = file.document.as_mkosi() else {
            continue;
        };
        let path = file.source.path();
        let (directory, name) = path.rsplit_once('/').unwrap_or(("", path));
        let placed = match name {
            "mkosi.conf" => Some((directory.to_owned(), 0)),
            "mkosi.local.conf" => Some((directory.to_owned(), 2)),
            _ => directory
                .strip_suffix("mkosi.conf.d")
                .map(|parent| (parent.trim_end_matches('/').to_owned(), 1)),
        };
        if let Some((directory, rank)) = placed {
            grouped
                .entry(directory)
                .or_default()
                .push(((rank, path), document));
        }
    }
    grouped
        .into_iter()
        .map(|(directory, mut files)| {
            files.sort_by_key(|(key, _)| *key);
            Tree {
                directory,
                files: files
                    .into_iter()
                    .map(|((_, path), document)| (path, document))
                    .collect(),
            }
        })
        .collect()
}

/// The text of each analysed file, by path: where list items are found in their values.
pub fn file_texts(files: &[AnalyzedFile]) -> BTreeMap<&str, &str> {
    files
        .iter()
        .map(|file| (file.source.path(), file.source.text()))
        .collect()
}

impl<'a> Tree<'a> {
    /// Every assignment of `key` in the files, in mkosi's order, with its file (a setting
    /// counts in whichever section it is written, as mkosi applies it there too, except in
    /// the condition sections, whose lines are conditions).
    pub fn assignments<'key>(
        &self,
        key: &'key str,
    ) -> impl Iterator<Item = (&'a str, &'a Assignment)> + use<'a, '_, 'key> {
        self.files.iter().flat_map(move |(path, document)| {
            document
                .file
                .sections
                .iter()
                .filter(|section| !CONDITION_SECTIONS.contains(&section.name.as_str()))
                .flat_map(|section| &section.assignments)
                .filter(move |assignment| assignment.key == key)
                .map(move |assignment| (*path, assignment))
        })
    }

    /// A list setting's items, each where it is written: items are split at `,` and line
    /// breaks (mkosi 24 and 26 do not split at spaces; mkosi 27 does for the lists it
    /// reads as words), and an empty assignment resets.
    pub fn list(
        &self,
        key: &str,
        settings: &Settings,
        texts: &dyn Fn(&str) -> &'a str,
    ) -> Vec<(String, Written)> {
        let words = settings
            .get(key)
            .is_some_and(|setting| setting.collection == Collection::Words);
        let separates = |character: char| {
            character == ',' || character == '\n' || (words && character.is_whitespace())
        };
        let mut items = Vec::new();
        for (path, assignment) in self.assignments(key) {
            if assignment.value.is_empty() {
                items.clear();
                continue;
            }
            let text = texts(path);
            let mut at = assignment.value_span.start;
            for item in assignment
                .value
                .split(separates)
                .filter(|item| !item.is_empty())
            {
                let found = text
                    .get(at..assignment.value_span.end)
                    .and_then(|rest| rest.find(item))
                    .map_or(at, |offset| at + offset);
                let span = Span::new(found, found + item.len());
                at = span.end;
                items.push((
                    item.to_owned(),
                    Written {
                        file: path.to_owned(),
                        span,
                    },
                ));
            }
        }
        items
    }

    /// A single setting's last value with where it is written; an empty assignment resets
    /// it to its default (`None`).
    pub fn single(&self, key: &str) -> Option<(&'a str, Written)> {
        let (path, assignment) = self.assignments(key).last()?;
        (!assignment.value.is_empty()).then(|| {
            (
                assignment.value.as_str(),
                Written {
                    file: path.to_owned(),
                    span: assignment.value_span,
                },
            )
        })
    }
}

/// mkosi's `parse_boolean`, if the text is one of its literals.
pub fn boolean(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "t" | "on" | "always" => Some(true),
        "0" | "false" | "no" | "n" | "f" | "off" | "never" => Some(false),
        _ => None,
    }
}
