//! Checks across files, run once every file is parsed: each sees the workspace and every
//! analysed file with its document. Each check is declared with the rules it raises in
//! [`RULES`].

mod compose_builds;
mod copy_source_not_found;
mod mkosi_scripts;
mod mkosi_tree;

use crate::analysis::AnalyzedFile;
use crate::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::workspace::Workspace;

/// A check over the whole workspace; its findings name their file.
pub type Check = fn(&Workspace, &[AnalyzedFile], &mut Vec<Diagnostic>);

/// A rule checked across files, with its check.
#[derive(Debug, Clone, Copy)]
pub struct Registered {
    /// The rules the check raises.
    pub rules: &'static [&'static Rule],
    pub check: Check,
}

/// Every rule checked across files.
pub static RULES: &[Registered] = &[
    Registered {
        rules: &[&copy_source_not_found::RULE],
        check: copy_source_not_found::check,
    },
    Registered {
        rules: &[
            &crate::compose::rules::dockerfile_not_found::RULE,
            &crate::compose::rules::build_arg_not_declared::RULE,
            &crate::compose::rules::build_target_not_found::RULE,
        ],
        check: compose_builds::check,
    },
    Registered {
        rules: &[
            &crate::mkosi::rules::script_command_unavailable::RULE,
            &crate::mkosi::rules::script_network::RULE,
        ],
        check: mkosi_scripts::check,
    },
    Registered {
        rules: &[
            &crate::mkosi::rules::no_source_date_epoch::RULE,
            &crate::mkosi::rules::random_seed::RULE,
            &crate::mkosi::rules::unpinned_mirror::RULE,
            &crate::mkosi::rules::unpinned_tools_tree::RULE,
            &crate::mkosi::rules::leaking_files::RULE,
            &crate::mkosi::rules::cache_only_without_cache::RULE,
            &crate::mkosi::rules::oci_single_layer::RULE,
            &crate::mkosi::rules::bootable_without_disk::RULE,
            &crate::mkosi::rules::release_of_another_distribution::RULE,
        ],
        check: mkosi_tree::check,
    },
];

/// Runs every check across files.
pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    for registered in RULES {
        (registered.check)(workspace, files, diagnostics);
    }
}
