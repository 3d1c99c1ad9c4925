//! What loading a compose project reports: the error that stops it (docker compose's exact
//! message, and where in which file when that is known) and the warnings it prints.

use crate::source::Span;
use crate::yaml::{FileId, Node};

/// A place in one of the project's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub file: FileId,
    pub span: Span,
}

impl Place {
    pub fn of(node: &Node) -> Self {
        Self {
            file: node.file,
            span: node.span,
        }
    }
}

/// Why docker compose would refuse the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// docker compose's message, as it prints it.
    pub message: String,
    pub place: Option<Place>,
    /// For two services with one container name (which compose's message does not say),
    /// the names; plumb reports it as its own rule.
    pub duplicate_container_name: Option<Box<DuplicateContainerName>>,
}

/// A `container_name` that a later service gives again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateContainerName {
    pub name: String,
    /// The later service, where compose reports it.
    pub service: String,
    /// The service that has the name first.
    pub first: String,
    /// Where the first service's name is written.
    pub first_place: Place,
}

impl LoadError {
    pub fn new(message: impl Into<String>, place: Option<Place>) -> Self {
        Self {
            message: message.into(),
            place,
            duplicate_container_name: None,
        }
    }

    pub fn at(message: impl Into<String>, node: &Node) -> Self {
        Self::new(message, Some(Place::of(node)))
    }
}

impl From<super::tree::Notice> for LoadError {
    fn from(notice: super::tree::Notice) -> Self {
        Self::new(
            notice.message,
            Some(Place {
                file: notice.file,
                span: notice.span,
            }),
        )
    }
}

impl From<super::string_keys::KeyError> for LoadError {
    fn from(error: super::string_keys::KeyError) -> Self {
        Self::new(
            error.message,
            Some(Place {
                file: error.file,
                span: error.span,
            }),
        )
    }
}

impl From<super::merge::MergeError> for LoadError {
    fn from(error: super::merge::MergeError) -> Self {
        Self::new(
            error.message,
            Some(Place {
                file: error.file,
                span: error.span,
            }),
        )
    }
}

/// What docker compose would warn about while loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub message: String,
    pub place: Option<Place>,
    pub kind: WarningKind,
}

/// What a warning is about, for the checks that report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// `${VAR}` with `VAR` unset and no default: it becomes the empty string.
    UnsetVariable,
    /// `yes`, `no`, `on`, `off` read as booleans.
    LegacyBoolean,
    /// The top-level `version`, which compose ignores.
    ObsoleteVersion,
    /// Anything else docker compose warns about.
    Other,
}
