//! The edits a fix makes to an mkosi tree: in its first configuration file, a list item
//! added or a single setting given a value, in the setting's own section for the release.

use super::ini::Assignment;
use super::settings::Settings;
use super::tree::Tree;
use crate::diagnostic::Edit;
use crate::source::Span;

/// Where a tree's fixes edit it: its first file, with the release's sections.
#[derive(Debug)]
pub struct TreeEdits<'a> {
    pub tree: &'a Tree<'a>,
    /// The first file's path and text.
    pub first: &'a str,
    pub text: &'a str,
    pub settings: &'a Settings,
}

impl<'a> TreeEdits<'a> {
    /// The edit that adds `item` to the list `key`: after its last assignment in the first
    /// file, else as a new line of the key's section, else in a new section at the end.
    pub fn add_to_list(&self, key: &str, item: &str) -> Edit {
        let edit = match self.last_assignment(key) {
            Some(assignment) if assignment.value.is_empty() => {
                Edit::new(Span::point(assignment.value_span.end), item)
            }
            Some(assignment) => {
                Edit::new(Span::point(assignment.value_span.end), format!(",{item}"))
            }
            None => self.new_line(key, item),
        };
        self.in_first(edit)
    }

    /// The edit that gives the single setting `key` the value `value`.
    pub fn set_single(&self, key: &str, value: &str) -> Edit {
        let edit = match self.last_assignment(key) {
            Some(assignment) => Edit::new(assignment.value_span, value),
            None => self.new_line(key, value),
        };
        self.in_first(edit)
    }

    fn in_first(&self, mut edit: Edit) -> Edit {
        edit.file = Some(self.first.to_owned());
        edit
    }

    /// The last assignment of `key` in the first file.
    fn last_assignment(&self, key: &str) -> Option<&'a Assignment> {
        self.tree
            .assignments(key)
            .filter(|(path, _)| *path == self.first)
            .map(|(_, assignment)| assignment)
            .last()
    }

    /// `key=value` as a new line at the end of the key's section in the first file, or in
    /// a new section at the file's end.
    fn new_line(&self, key: &str, value: &str) -> Edit {
        let section_name = self
            .settings
            .get(key)
            .map_or("Content", |setting| setting.section);
        let (_, document) = self.tree.files[0];
        let section = document
            .file
            .sections
            .iter()
            .rev()
            .find(|section| section.name == section_name);
        if let Some(section) = section {
            let after = section
                .assignments
                .last()
                .map_or(section.name_span.end + 1, |assignment| {
                    assignment.value_span.end
                });
            return Edit::new(Span::point(after), format!("\n{key}={value}"));
        }
        let end = self.text.len();
        let separator = if self.text.is_empty() || self.text.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        Edit::new(
            Span::point(end),
            format!("{separator}\n[{section_name}]\n{key}={value}\n"),
        )
    }
}
