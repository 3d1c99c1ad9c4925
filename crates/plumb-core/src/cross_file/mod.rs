//! Checks across files, run once every file is parsed: each sees the workspace and every
//! analysed file with its document. Each rule is declared with its check in [`RULES`].

mod copy_source_not_found;

use crate::analysis::AnalyzedFile;
use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::workspace::Workspace;

/// A check over the whole workspace; its findings name their file.
pub type Check = fn(&Workspace, &[AnalyzedFile], &mut Vec<Diagnostic>);

/// A rule checked across files, with its check.
#[derive(Debug, Clone, Copy)]
pub struct Registered {
    pub rule: &'static Rule,
    pub check: Check,
}

/// Every rule checked across files.
pub static RULES: &[Registered] = &[Registered {
    rule: &copy_source_not_found::RULE,
    check: copy_source_not_found::check,
}];

/// Runs every check across files.
pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    for registered in RULES {
        (registered.check)(workspace, files, diagnostics);
    }
}
