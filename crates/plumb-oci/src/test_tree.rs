//! Trees built in memory for the unit tests.

use crate::entry::{DataSource, Entry, EntryKind, Metadata};
use crate::tree::{LinkKey, Origin, Tree};
use crate::tree_path::TreePath;
use std::path::Path;

pub(crate) fn path(text: &str) -> TreePath {
    TreePath::from_member_name(text.as_bytes())
        .expect("a relative path")
        .expect("not the root")
}

pub(crate) fn entry(text: &str, kind: EntryKind) -> Entry {
    Entry {
        path: path(text),
        kind,
        metadata: Metadata {
            mode: 0o755,
            uid: 0,
            gid: 0,
            mtime: 1_600_000_000,
            xattrs: Vec::new(),
        },
    }
}

pub(crate) fn directory(text: &str) -> Entry {
    entry(text, EntryKind::Directory)
}

/// A regular file whose bytes are the file at its path below the tree's directory.
pub(crate) fn file(text: &str, size: u64) -> Entry {
    entry(
        text,
        EntryKind::Regular {
            size,
            data: DataSource::AtPath,
            hardlink_group: None,
        },
    )
}

pub(crate) fn symlink(text: &str, target: &str) -> Entry {
    entry(
        text,
        EntryKind::Symlink {
            target: target.as_bytes().into(),
        },
    )
}

/// The entries as read from the directory `root`, with link keys.
pub(crate) fn tree_with_links(root: &Path, entries: Vec<(Entry, Option<LinkKey>)>) -> Tree {
    Tree::new(Origin::Directory(root.to_owned()), entries).expect("a valid tree")
}

pub(crate) fn tree(root: &Path, entries: Vec<Entry>) -> Tree {
    tree_with_links(
        root,
        entries.into_iter().map(|entry| (entry, None)).collect(),
    )
}
