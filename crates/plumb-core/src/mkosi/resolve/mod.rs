//! An mkosi tree resolved as mkosi 24 or 26 resolves it for `mkosi summary`: every file read in
//! mkosi's order with its conditions, includes, profile, drop-ins and subimages, each
//! setting given its value or default. What the host decides (its distribution, release,
//! architecture and environment) comes in [`Host`], so the core stays pure; values plumb
//! does not compute are left out rather than guessed.

mod conditions;
mod context;
mod distributions;
pub mod files;
mod glob;
mod host;
mod images;
mod path_expansion;
mod paths;
mod reading;
mod script_environment;
mod shell_words;
mod specifiers;
pub mod summary;
mod values;
mod versions;
pub mod workspace_trees;

use crate::mkosi::ini::Assignment;
use crate::mkosi::resolution;
use crate::mkosi::settings::Settings;
use crate::source::Span;
use context::{Context, Namespace};
use files::TreeFiles;
use std::collections::{BTreeMap, BTreeSet};

/// What mkosi learns from the host.
#[derive(Debug, Clone, Default)]
pub struct Host {
    /// The host's distribution as mkosi names it, if mkosi supports it.
    pub distribution: Option<String>,
    /// Its release (a Debian or Ubuntu code name, else `VERSION_ID`).
    pub release: Option<String>,
    /// mkosi's name of the host's architecture (`x86-64`, `arm64`…).
    pub architecture: String,
    /// The process environment.
    pub environment: BTreeMap<String, String>,
    /// The version `systemctl --version` names (`254`), for `[Match] SystemdVersion=`;
    /// `None` where it is unknown or not asked yet (see `Failure::needs_systemd_version`).
    pub systemd_version: Option<String>,
    /// Whether mkosi's standard error is a terminal, which decides the `TERM` mkosi 24
    /// shows in `Environment=`.
    pub stderr_is_terminal: bool,
}

/// What to resolve: the directory mkosi runs in (absolute) and the command line's settings.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub directory: String,
    pub profile: Option<String>,
    pub distribution: Option<String>,
    pub release: Option<String>,
}

/// Where in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub span: Span,
}

impl Location {
    fn value(file: &str, assignment: &Assignment) -> Self {
        Self {
            file: file.to_owned(),
            span: assignment.value_span,
        }
    }
}

/// Why a tree has no summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// mkosi refuses the tree (true), or plumb cannot tell what mkosi makes of it.
    pub refused: bool,
    pub message: String,
    pub at: Option<Location>,
    /// A `[Match] SystemdVersion=` needed the host's systemd version, which the host did not
    /// give: a caller that can ask the host (the CLI) asks and resolves again, so that only
    /// the trees that match on it pay for the question.
    pub needs_systemd_version: bool,
}

impl Failure {
    fn refused(message: impl Into<String>, at: Option<Location>) -> Self {
        Self {
            refused: true,
            message: message.into(),
            at,
            needs_systemd_version: false,
        }
    }

    /// The failure as the CLI and the browser say it, for mkosi `release`.
    pub fn describe(&self, release: &str) -> String {
        if self.refused {
            format!("mkosi {release} refuses the tree: {}", self.message)
        } else {
            format!("plumb cannot resolve the tree: {}", self.message)
        }
    }

    fn unsupported(message: impl Into<String>, at: Option<Location>) -> Self {
        Self {
            refused: false,
            message: message.into(),
            at,
            needs_systemd_version: false,
        }
    }

    fn systemd_version_unknown(at: Location) -> Self {
        Self {
            needs_systemd_version: true,
            ..Self::unsupported(
                "[Match] SystemdVersion= compares with the host's systemd, whose version plumb does not know here",
                Some(at),
            )
        }
    }
}

/// What mkosi warns about while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub message: String,
}

/// One image: its name (`None` for the main image) and its settings' values, each `None`
/// where plumb leaves it to mkosi.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub name: Option<String>,
    pub values: BTreeMap<&'static str, Option<serde_json::Value>>,
}

/// A resolved tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The images in mkosi's order, the main image last.
    pub images: Vec<Image>,
    pub warnings: Vec<Warning>,
}

/// The tree of `request` for the release `settings`, read from `files`.
pub fn resolve(
    request: &Request,
    settings: Settings,
    host: &Host,
    files: &dyn TreeFiles,
) -> Result<Resolved, Failure> {
    let table = resolution::table(settings.release).ok_or_else(|| {
        Failure::unsupported(
            format!(
                "plumb resolves mkosi 24 and 26 trees, not mkosi {}",
                settings.release
            ),
            None,
        )
    })?;
    let directory = paths::resolve("/", &request.directory);
    let mut context = Context {
        settings,
        table,
        files,
        host,
        cwd: directory.clone(),
        directory,
        cli: Namespace::new(),
        config: Namespace::new(),
        defaults: Namespace::new(),
        files_read: Vec::new(),
        image: None,
        includes: BTreeSet::new(),
        immutable: BTreeSet::new(),
        warnings: Vec::new(),
    };
    let given = [
        (profile_setting(settings), &request.profile),
        ("Distribution", &request.distribution),
        ("Release", &request.release),
    ];
    for (name, value) in given {
        if let Some(value) = value {
            let place = values::Place {
                directory: &context.cwd,
                files,
                environment: &context.host.environment,
            };
            let kind = context.resolution(name).kind;
            let parsed = values::parse(kind, value, None, &place)
                .map_err(|message| Failure::refused(message, None))?;
            context.cli.insert(name, parsed);
        }
    }
    let images = images::images(&mut context)?;
    Ok(Resolved {
        images,
        warnings: context.warnings,
    })
}

/// The setting `--profile` sets: mkosi 26 reads several profiles, mkosi 24 one.
fn profile_setting(settings: Settings) -> &'static str {
    if settings.get("Profiles").is_some() {
        "Profiles"
    } else {
        "Profile"
    }
}

impl Context<'_> {
    fn warn(&mut self, message: String) {
        self.warnings.push(Warning { message });
    }
}
