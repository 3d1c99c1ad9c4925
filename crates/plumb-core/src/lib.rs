//! plumb's core: parse, check and (later) plan container and OS-image build configurations.
//!
//! The core is pure: it takes a [`Workspace`] of files (paths → bytes, plus configuration)
//! and returns data. It never touches the file system, the environment, the clock or
//! randomness, so the browser and the CLI give identical results for the same input.
#![deny(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::disallowed_macros
)]

pub mod analysis;
pub mod build_context;
pub mod canonical_json;
pub mod command_packages;
pub mod compose;
pub mod config;
pub mod context_tree;
pub mod cross_file;
pub mod diagnostic;
pub mod digest;
pub mod dockerfile;
pub mod dstack;
pub mod fix;
pub mod format;
mod glob;
pub mod go_units;
pub mod hadolint_config;
pub mod hex;
pub mod json_tree;
pub mod lock;
pub mod mkosi;
pub mod options;
pub mod package_managers;
pub mod plan;
pub mod posix_path;
pub mod rules;
pub mod shell;
pub mod source;
pub mod suggest;
pub mod suppression;
#[cfg(test)]
mod testing;
pub mod workspace;
pub mod yaml;

pub use analysis::{Analysis, AnalyzedFile, analyze, analyze_part, complete};
pub use diagnostic::{Diagnostic, Severity};
pub use source::{Position, SourceFile, Span};
pub use workspace::{FileKind, Workspace};
