//! A build context's tree digest for a plan: from the listing the front end passed, or,
//! where it passed only names, from the workspace's own files when it holds every one of
//! them (the browser's case: its files are the context).

use crate::build_context::BuildContext;
use crate::context_tree::{ContextEntry, EntryKind, tree_digest};
use crate::digest;
use crate::workspace::Workspace;
use std::collections::BTreeSet;

/// `None` when the context's contents are not known.
pub fn tree(workspace: &Workspace, context: &BuildContext) -> Option<String> {
    if let Some(listing) = &context.listing {
        return tree_digest(listing).ok();
    }
    let files = context.files.as_ref()?;
    let mut entries = Vec::with_capacity(files.len());
    let mut directories = BTreeSet::new();
    for file in files.iter() {
        let contents = workspace.contents(&context.workspace_path(file))?;
        let mut parent = BuildContext::directory_of(file);
        while !parent.is_empty() && directories.insert(parent.to_owned()) {
            parent = BuildContext::directory_of(parent);
        }
        entries.push(ContextEntry {
            path: file.clone(),
            kind: EntryKind::File {
                sha256: digest::sha256(contents),
                executable: false,
            },
        });
    }
    entries.extend(directories.into_iter().map(|path| ContextEntry {
        path,
        kind: EntryKind::Directory,
    }));
    tree_digest(&entries).ok()
}
