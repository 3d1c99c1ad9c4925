//! The one place the web app calls plumb-core.

use plumb_core::{Analysis, FileKind, Workspace, analyze};

/// The workspace path of the editor's file; the problems list resolves positions against it.
pub const PATH: &str = "Dockerfile";

/// Analyses the editor's text as a workspace of one Dockerfile.
pub fn check(text: &str) -> Analysis {
    let mut workspace = Workspace::new();
    workspace.add_file(PATH, FileKind::Dockerfile, text.as_bytes().to_vec());
    analyze(&workspace)
}
