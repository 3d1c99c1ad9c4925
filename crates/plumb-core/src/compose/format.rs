//! Compose files through the format contract: which names are compose files, reading one
//! (YAML syntax, CP001), and checking it by loading its project as docker compose would,
//! from the workspace's files and the environment the front end gives.

use super::load::{DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES};
use super::posix_path as path;
use super::problem::{LoadError, Place, WarningKind};
use super::rules;
use super::workspace_project::{WorkspaceProject, is_override};
use crate::diagnostic::Diagnostic;
use crate::dstack::DstackSection;
use crate::format::{Document, FileInputs, Format};
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use crate::source::{SourceFile, Span};
use crate::suppression::{Suppression, line_comment_suppressions};
use crate::workspace::{FileKind, Workspace};
use crate::yaml::{self, Node};

/// A compose file as read: its YAML documents, or nothing when it is not YAML.
#[derive(Debug, Clone)]
pub struct ComposeDocument {
    pub documents: Vec<Node>,
}

#[derive(Debug)]
pub struct ComposeFormat;

/// Whether a file name is one docker compose reads by default, an override, or follows
/// the `*.compose.yaml`, `compose.*.yaml` and `docker-compose.*.yaml` patterns.
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    DEFAULT_FILE_NAMES.contains(&name)
        || DEFAULT_OVERRIDE_FILE_NAMES.contains(&name)
        || stem.ends_with(".compose")
        || stem.starts_with("compose.")
        || stem.starts_with("docker-compose.")
}

/// Whether a file named on the command line whatever its name reads as a compose file: a
/// YAML mapping with `services` or `include` at its top.
pub fn looks_like_compose(text: &str) -> bool {
    yaml::parse(text).is_ok_and(|documents| {
        documents
            .first()
            .is_some_and(|root| root.get("services").is_some() || root.get("include").is_some())
    })
}

impl Format for ComposeFormat {
    fn kind(&self) -> FileKind {
        FileKind::Compose
    }

    fn recognizes(&self, file_name: &str) -> bool {
        is_compose_name(file_name)
    }

    fn parse(
        &self,
        source: &SourceFile,
        _options: &Options,
        _lock: Option<&Lock>,
    ) -> (Document, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let documents = match yaml::parse(source.text()) {
            Ok(documents) => documents,
            Err(error) => {
                diagnostics.push(Diagnostic::new(
                    &rules::yaml_syntax::RULE,
                    error.span,
                    error.to_string(),
                ));
                Vec::new()
            }
        };
        (
            Document::Compose(Box::new(ComposeDocument { documents })),
            diagnostics,
        )
    }

    fn suppressions(&self, source: &SourceFile, _document: &Document) -> Vec<Suppression> {
        line_comment_suppressions(source.text(), comment_start)
    }

    fn check(
        &self,
        source: &SourceFile,
        document: &Document,
        inputs: FileInputs<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(document) = document.as_compose() else {
            return;
        };
        let name = path::file_name(source.path());
        if document.documents.is_empty() || is_override(&name) {
            return;
        }
        let Some(workspace) = inputs.workspace else {
            return;
        };
        check_project(
            source,
            &document.documents,
            workspace,
            inputs.dstack,
            diagnostics,
        );
    }

    fn rules(&self) -> Vec<&'static Rule> {
        rules::RULES
            .iter()
            .chain(crate::dstack::rules::COMPOSE_RULES)
            .copied()
            .collect()
    }
}

/// Where a YAML comment starts on a line: a `#` at its start or after a space, outside
/// quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote = None;
    let mut previous = ' ';
    for (index, ch) in line.char_indices() {
        match (quote, ch) {
            (None, '\'' | '"') if previous == ' ' || previous == ':' || index == 0 => {
                quote = Some(ch)
            }
            (Some(open), _) if ch == open => quote = None,
            (None, '#') if previous.is_whitespace() || index == 0 => return Some(index),
            _ => {}
        }
        previous = ch;
    }
    None
}

/// Loads the file's project (with its folder's override file) and reports what docker
/// compose would refuse or warn about, and with `dstack` what goes wrong there.
fn check_project(
    source: &SourceFile,
    documents: &[Node],
    workspace: &Workspace,
    dstack: Option<&DstackSection>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let project = WorkspaceProject::load(workspace, source.path());
    let loaded = &project.loaded;
    let shown = |message: &str| project.files.shown(message);
    let place_in_file = |place: Option<Place>| {
        place
            .filter(|place| Some(place.file) == project.this_file)
            .map(|place| place.span)
    };
    for warning in &loaded.warnings {
        let rule = match warning.kind {
            WarningKind::UnsetVariable => &rules::unset_variable::RULE,
            WarningKind::LegacyBoolean => &rules::legacy_boolean::RULE,
            WarningKind::ObsoleteVersion => &rules::obsolete_version::RULE,
            WarningKind::Other => continue,
        };
        let Some(span) = place_in_file(warning.place) else {
            continue;
        };
        let fix = match warning.kind {
            WarningKind::LegacyBoolean => {
                rules::legacy_boolean::fix(source.text(), documents, span)
            }
            WarningKind::ObsoleteVersion => {
                rules::obsolete_version::fix(source.text(), documents, span)
            }
            _ => None,
        };
        let diagnostic = Diagnostic::new(rule, span, shown(&warning.message));
        diagnostics.push(match fix {
            Some(fix) => diagnostic.with_fix(fix),
            None => diagnostic,
        });
    }
    match &loaded.project {
        Ok(loaded_project) => {
            if let Some(file) = project.this_file {
                rules::model_checks::check_model(&loaded_project.model, file, diagnostics);
                if let Some(section) = dstack {
                    let services = rules::model_checks::services(&loaded_project.model, file);
                    crate::dstack::rules::check_model(
                        &services,
                        source.text(),
                        section,
                        diagnostics,
                    );
                }
            }
        }
        Err(error) => {
            let duplicate = error
                .duplicate_container_name
                .as_ref()
                .and_then(|duplicate| {
                    rules::duplicate_container_name::diagnostic(
                        duplicate,
                        place_in_file(error.place),
                        place_in_file(Some(duplicate.first_place)),
                        &shown(&error.message),
                    )
                });
            diagnostics.push(duplicate.unwrap_or_else(|| {
                project_error(error, place_in_file(error.place), &loaded.sources, &shown)
            }));
        }
    }
    if let Some(section) = dstack {
        crate::dstack::rules::check_written(documents, section, diagnostics);
        crate::dstack::rules::adjust_compose_findings(diagnostics);
    }
}

fn project_error(
    error: &LoadError,
    span: Option<Span>,
    sources: &[super::project::SourceText],
    shown: &dyn Fn(&str) -> String,
) -> Diagnostic {
    let message = shown(&error.message);
    let rule = match error.duplicate_container_name {
        Some(_) => &rules::duplicate_container_name::RULE,
        None => &rules::invalid_project::RULE,
    };
    match span {
        Some(span) => Diagnostic::new(rule, span, message),
        None => {
            let elsewhere = error
                .place
                .and_then(|place| sources.get(place.file.0 as usize))
                .map(|other| format!("the problem is in {}", shown(&other.path)));
            let diagnostic = Diagnostic::new(rule, Span::point(0), message);
            match elsewhere {
                Some(note) => diagnostic.with_note(note),
                None => diagnostic,
            }
        }
    }
}
