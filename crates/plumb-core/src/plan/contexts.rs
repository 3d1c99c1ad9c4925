//! A build context's tree digest for a plan: from the listing the front end passed, or,
//! where it passed only names, from the workspace's own files when it holds every one of
//! them.

use crate::build_context::BuildContext;
use crate::context_tree::{listing_of_files, tree_digest};
use crate::workspace::Workspace;

/// `None` when the context's contents are not known.
pub fn tree(workspace: &Workspace, context: &BuildContext) -> Option<String> {
    if let Some(listing) = &context.listing {
        return tree_digest(listing).ok();
    }
    let files = context.files.as_ref()?;
    let contents = files
        .iter()
        .map(|file| {
            Some((
                file.as_str(),
                workspace.contents(&context.workspace_path(file))?,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    tree_digest(&listing_of_files(contents)).ok()
}
