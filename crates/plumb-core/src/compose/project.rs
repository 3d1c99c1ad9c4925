//! What a front end asks of a compose project (docker compose's command line and process
//! environment), how the loader reads files (through [`ProjectFiles`], so the core never
//! touches a file system), and the loaded project.

use std::collections::BTreeMap;

use super::interpolate_model::VariableUse;
use super::problem::{LoadError, Place, Warning};
use crate::source::{Position, SourceFile};
use crate::yaml::Node;

/// docker compose's options for one project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectRequest {
    /// The directory docker compose runs in (absolute): where relative paths given here start.
    pub working_directory: String,
    /// `-f` files as given; empty: `COMPOSE_FILE`, else the default names found from the
    /// project directory upwards.
    pub files: Vec<String>,
    /// `--project-directory`.
    pub project_directory: Option<String>,
    /// `-p`.
    pub project_name: Option<String>,
    /// `--profile`; empty: `COMPOSE_PROFILES`.
    pub profiles: Vec<String>,
    /// `--env-file`; empty: `COMPOSE_ENV_FILES`, else the project directory's `.env`.
    pub env_files: Vec<String>,
    /// The process environment (the browser has none).
    pub environment: BTreeMap<String, String>,
    /// `--no-interpolate` when false.
    pub interpolate: bool,
    /// The services named after `config`: only they (and what they depend on) are shown.
    pub services: Vec<String>,
}

/// How the loader reads the files a project names. Paths are absolute.
pub trait ProjectFiles {
    /// The bytes of the regular file at `path`, if there is one that can be read.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    /// Whether `path` is a directory.
    fn is_directory(&self, path: &str) -> bool;
}

/// One file the loader read, numbered by its place here (the `FileId` of its values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub path: String,
    pub text: String,
}

/// A loaded project: the model docker compose prints, and what loading saw on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: String,
    /// The project directory (absolute).
    pub directory: String,
    /// The compose files, in merge order.
    pub compose_files: Vec<String>,
    /// The variables interpolation used.
    pub environment: BTreeMap<String, String>,
    /// The profiles in effect.
    pub profiles: Vec<String>,
    /// The normalised model.
    pub model: Node,
}

/// Everything loading produced, whether it succeeded or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub project: Result<Project, LoadError>,
    /// Every file read; values' `FileId`s index it.
    pub sources: Vec<SourceText>,
    pub warnings: Vec<Warning>,
    /// Every variable reference interpolation met.
    pub variables: Vec<VariableUse>,
}

/// Where a place of a loaded project is written: the file's path as the loader read it, and
/// the line and column where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub start: Position,
    pub end: Position,
}

impl Loaded {
    /// The line and column of `place`, in the file it names.
    pub fn locate(&self, place: Place) -> Option<Location> {
        let source = self.sources.get(place.file.0 as usize)?;
        let file = SourceFile::new(source.path.clone(), source.text.clone());
        Some(Location {
            path: source.path.clone(),
            start: file.position(place.span.start),
            end: file.position(place.span.end),
        })
    }
}
