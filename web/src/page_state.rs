//! The page's state: the workspace, the generation numbers that tie each analysis to the
//! workspace it was made for, and the report shown; and how each action changes them (a
//! reducer, so that answers arriving from the worker meet the state as it is then).

use crate::analyst::Reply;
use crate::analyzer::Answer;
use crate::report::Report;
use crate::workspace_files::WorkspaceFiles;
use std::rc::Rc;
use yew::Reducible;

/// The workspace and the report shown of it. Rendering only reads the report: the analysis
/// runs elsewhere (analyzer.rs) and its report comes back as an action.
#[derive(Debug, Clone)]
pub struct Model {
    pub files: Rc<WorkspaceFiles>,
    /// Counts the times the editor's text was replaced from outside the editor (another file
    /// opened, an example loaded, a fix applied), so that the editor takes the new text.
    pub revision: u32,
    /// The last replacement was a quick fix of the open file: the editor makes it one change
    /// that undo takes back (any other replacement starts the file's history afresh).
    pub fixed: bool,
    /// Numbers the workspace's contents: each new one is analysed.
    pub generation: u32,
    /// The report of the last analysis of the workspace as it is, or of an earlier one while
    /// that analysis runs.
    pub report: Rc<Report>,
    /// The generation `report` was made for: behind `generation` while an analysis runs.
    pub reported: u32,
    /// How long the analysis of `report` took, in milliseconds, and whether it ran in the
    /// worker (else on the page).
    pub timing: Option<(f64, bool)>,
}

pub enum Action {
    /// The open file's text after an edit in the editor, which shows it already.
    Edited(String),
    /// Another workspace; `replaced` when the editor must take the open file's text
    /// (another file opened, an example loaded).
    Files {
        files: WorkspaceFiles,
        replaced: bool,
    },
    Answered(Answer),
}

impl Model {
    pub fn new(files: WorkspaceFiles) -> Self {
        Self {
            files: Rc::new(files),
            revision: 0,
            fixed: false,
            generation: 1,
            report: Rc::default(),
            reported: 0,
            timing: None,
        }
    }

    /// An analysis of the workspace as it is runs and its report is not in yet.
    pub fn analysing(&self) -> bool {
        self.reported != self.generation
    }

    fn with_files(&self, files: WorkspaceFiles, replaced: bool) -> Self {
        let changed = !files.same_files(&self.files);
        Self {
            files: Rc::new(files),
            revision: self.revision + u32::from(replaced),
            fixed: false,
            generation: self.generation + u32::from(changed),
            ..self.clone()
        }
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edited(text) if text != self.files.open_text() => {
                let mut files = (*self.files).clone();
                files.set_open_text(text);
                Rc::new(self.with_files(files, false))
            }
            Action::Edited(_) => self,
            Action::Files { files, replaced } => {
                if files == *self.files && !replaced {
                    return self;
                }
                Rc::new(self.with_files(files, replaced))
            }
            // Only the report of the workspace as it is: an older one's places are off.
            Action::Answered(Answer {
                reply: Reply::Report { generation, report },
                milliseconds,
                in_worker,
            }) if generation == self.generation => Rc::new(Self {
                report: Rc::new(*report),
                reported: generation,
                timing: Some((milliseconds, in_worker)),
                ..(*self).clone()
            }),
            // A fix of the findings shown, if nothing changed since they were made.
            Action::Answered(Answer {
                reply:
                    Reply::Fixed {
                        generation,
                        texts: Some(texts),
                    },
                ..
            }) if generation == self.generation && !self.analysing() => {
                let mut files = (*self.files).clone();
                for (path, text) in texts {
                    files.set_text(&path, text);
                }
                Rc::new(Self {
                    fixed: true,
                    ..self.with_files(files, true)
                })
            }
            Action::Answered(_) => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumb_core::Position;

    fn model() -> Rc<Model> {
        Rc::new(Model::new(WorkspaceFiles::single(
            "Dockerfile",
            "FROM alpine:3.20\n".to_owned(),
        )))
    }

    fn report(generation: u32, code: &str) -> Action {
        let mut report = Report::default();
        report.findings.push(crate::report::Finding {
            file: "Dockerfile".into(),
            start: Position {
                line: 1,
                column: 1,
                utf16_column: 1,
            },
            end: Position {
                line: 1,
                column: 5,
                utf16_column: 5,
            },
            severity: plumb_core::Severity::Warning,
            code: code.into(),
            message: "a finding".into(),
            fixes: Vec::new(),
        });
        Action::Answered(Answer {
            reply: Reply::Report {
                generation,
                report: Box::new(report),
            },
            milliseconds: 1.0,
            in_worker: true,
        })
    }

    #[test]
    fn only_the_report_of_the_workspace_as_it_is_is_shown() {
        let first = model();
        assert!(first.analysing());
        let edited = first.reduce(Action::Edited("FROM alpine:3.21\n".into()));
        assert_eq!(edited.generation, 2);
        // The report of the text before the edit comes late: its places are off.
        let late = Rc::clone(&edited).reduce(report(1, "DF201"));
        assert!(Rc::ptr_eq(&late, &edited));
        let shown = edited.reduce(report(2, "DF201"));
        assert!(!shown.analysing());
        assert_eq!(shown.report.findings[0].code, "DF201");
        assert_eq!(shown.timing, Some((1.0, true)));
    }

    #[test]
    fn opening_another_file_is_not_a_new_workspace_but_an_edit_is() {
        let mut files = WorkspaceFiles::single("Dockerfile", "FROM alpine:3.20\n".to_owned());
        files.add("web/Dockerfile", String::new()).unwrap();
        let start = Rc::new(Model::new(files.clone()));
        files.open("Dockerfile");
        let opened = Rc::clone(&start).reduce(Action::Files {
            files,
            replaced: true,
        });
        assert_eq!(
            (opened.generation, opened.revision),
            (start.generation, start.revision + 1)
        );
        assert!(!opened.fixed, "another file has a history of its own");
        let same = Rc::clone(&opened).reduce(Action::Edited("FROM alpine:3.20\n".into()));
        assert!(Rc::ptr_eq(&same, &opened), "the text did not change");
        let edited = opened.reduce(Action::Edited("FROM scratch\n".into()));
        assert_eq!(edited.generation, start.generation + 1);
        assert_eq!(edited.revision, start.revision + 1, "the editor has it");
    }

    #[test]
    fn a_fix_applies_only_to_the_workspace_its_findings_were_made_for() {
        let shown = model().reduce(report(1, "DF402"));
        let fixed = |generation| {
            Action::Answered(Answer {
                reply: Reply::Fixed {
                    generation,
                    texts: Some([("Dockerfile".to_owned(), "FROM scratch\n".to_owned())].into()),
                },
                milliseconds: 0.0,
                in_worker: true,
            })
        };
        let stale = Rc::clone(&shown).reduce(fixed(0));
        assert!(Rc::ptr_eq(&stale, &shown));
        let applied = Rc::clone(&shown).reduce(fixed(1));
        assert_eq!(applied.files.open_text(), "FROM scratch\n");
        assert!(applied.fixed, "the editor makes it an undoable change");
        assert_eq!(
            applied.revision,
            shown.revision + 1,
            "the editor takes the text"
        );
        assert_eq!(
            applied.generation,
            shown.generation + 1,
            "and it is analysed"
        );
    }
}
