//! A root filesystem as one sorted list of entries, whichever input it was read from: the
//! same tree read from a directory or from an archive is the same `Tree`.

use crate::entry::{Entry, EntryKind};
use crate::error::{EntryProblem, Error};
use crate::tree_path::TreePath;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a tree was read from; the directory or archive its files' bytes are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    Directory(PathBuf),
    Archive(PathBuf),
}

/// What makes several entries one file before the tree is sorted: device and inode on
/// disk, or the member of the archive their hard links name.
pub(crate) type LinkKey = (u64, u64);

#[derive(Debug)]
pub(crate) struct Tree {
    origin: Origin,
    /// In `TreePath` order, each below its parent.
    entries: Vec<Entry>,
    /// The index of each entry's parent directory, `None` at the top level.
    parents: Vec<Option<usize>>,
}

/// How many symbolic links a lookup follows, as Linux's `MAXSYMLINKS`.
const MAX_SYMLINK_HOPS: usize = 40;

impl Tree {
    /// Sorts the entries and checks the tree is one: no path twice, every parent a
    /// directory in it, no whiteout names. Entries with the same link key become one hard
    /// link group.
    pub(crate) fn new(
        origin: Origin,
        mut entries: Vec<(Entry, Option<LinkKey>)>,
    ) -> Result<Self, Error> {
        entries.sort_by(|(one, _), (other, _)| one.path.cmp(&other.path));
        let origin_path = origin.path().to_owned();
        let problem = |entry: &Entry, problem| Error::Entry {
            origin: origin_path.clone(),
            entry: entry.path.to_string(),
            problem,
        };
        let mut parents = Vec::with_capacity(entries.len());
        let mut open_directories: Vec<usize> = Vec::new();
        for (index, (entry, _)) in entries.iter().enumerate() {
            if index > 0 && entries[index - 1].0.path == entry.path {
                return Err(problem(entry, EntryProblem::Duplicate));
            }
            if entry.path.file_name().starts_with(b".wh.") {
                return Err(problem(entry, EntryProblem::WhiteoutName));
            }
            while let Some(&top) = open_directories.last() {
                if entry.path.is_below(&entries[top].0.path) {
                    break;
                }
                open_directories.pop();
            }
            let parent = match entry.path.parent_bytes() {
                None => None,
                Some(parent) => match open_directories.last() {
                    Some(&top) if entries[top].0.path.as_bytes() == parent => Some(top),
                    // Sorted, a parent precedes its contents: an earlier entry of that name
                    // that is no open directory is something else.
                    _ => {
                        let parent = TreePath::from_names([parent]);
                        let exists = entries[..index]
                            .binary_search_by(|(other, _)| Some(&other.path).cmp(&parent.as_ref()))
                            .is_ok();
                        let reason = if exists {
                            EntryProblem::ParentNotDirectory
                        } else {
                            EntryProblem::MissingParent
                        };
                        return Err(problem(entry, reason));
                    }
                },
            };
            parents.push(parent);
            if entry.kind.is_directory() {
                open_directories.push(index);
            }
        }
        Ok(Self {
            origin,
            entries: group_hardlinks(entries),
            parents,
        })
    }

    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub(crate) fn parent(&self, index: usize) -> Option<usize> {
        self.parents[index]
    }

    /// An error about one entry, naming the tree's source.
    pub(crate) fn problem(&self, entry: &Entry, problem: EntryProblem) -> Error {
        Error::Entry {
            origin: self.origin.path().to_owned(),
            entry: entry.path.to_string(),
            problem,
        }
    }

    pub(crate) fn find(&self, path: &TreePath) -> Option<usize> {
        self.entries
            .binary_search_by(|entry| entry.path.cmp(path))
            .ok()
    }

    /// The entry `path` names when its directories are looked up as the kernel would inside
    /// the tree: symbolic links among them followed (absolute ones from the tree's root),
    /// the last component not. How dpkg's file lists (`/bin/sh`) find files in a tree whose
    /// `bin` links to `usr/bin`.
    pub(crate) fn find_through_links(&self, path: &TreePath) -> Option<usize> {
        let mut directory: Vec<Vec<u8>> = Vec::new();
        let mut pending: Vec<Vec<u8>> = path.components().rev().map(<[u8]>::to_vec).collect();
        let mut hops = 0;
        while let Some(component) = pending.pop() {
            match component.as_slice() {
                b"" | b"." => continue,
                b".." => {
                    directory.pop();
                    continue;
                }
                _ => {}
            }
            let candidate = TreePath::from_names(
                directory
                    .iter()
                    .map(Vec::as_slice)
                    .chain([component.as_slice()]),
            )?;
            let index = self.find(&candidate)?;
            if pending.is_empty() {
                return Some(index);
            }
            match &self.entries[index].kind {
                EntryKind::Directory => directory.push(component),
                EntryKind::Symlink { target } => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return None;
                    }
                    if target.starts_with(b"/") {
                        directory.clear();
                    }
                    pending.extend(target.split(|&byte| byte == b'/').rev().map(<[u8]>::to_vec));
                }
                _ => return None,
            }
        }
        None
    }
}

impl Origin {
    pub(crate) fn path(&self) -> &Path {
        match self {
            Self::Directory(path) | Self::Archive(path) => path,
        }
    }
}

/// Entries sharing a link key, in tree order, become a hard link group named after the
/// first; a key only one entry has means an ordinary file.
fn group_hardlinks(entries: Vec<(Entry, Option<LinkKey>)>) -> Vec<Entry> {
    let mut groups: BTreeMap<LinkKey, (usize, usize)> = BTreeMap::new();
    for (index, (_, key)) in entries.iter().enumerate() {
        if let Some(key) = key {
            groups.entry(*key).or_insert((index, 0)).1 += 1;
        }
    }
    entries
        .into_iter()
        .map(|(mut entry, key)| {
            if let (EntryKind::Regular { hardlink_group, .. }, Some(key)) = (&mut entry.kind, key) {
                let (first, members) = groups[&key];
                *hardlink_group = (members > 1).then_some(first);
            }
            entry
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tree::{directory, file, path, symlink, tree, tree_with_links};

    fn names(tree: &Tree) -> Vec<String> {
        tree.entries()
            .iter()
            .map(|entry| entry.path.to_string())
            .collect()
    }

    #[test]
    fn entries_are_sorted_with_their_parents() {
        let tree = tree(
            Path::new("/"),
            vec![file("a-b", 0), file("a/b", 0), directory("a"), file("0", 0)],
        );
        assert_eq!(names(&tree), ["0", "a", "a/b", "a-b"]);
        assert_eq!(
            (0..4).map(|index| tree.parent(index)).collect::<Vec<_>>(),
            [None, None, Some(1), None]
        );
    }

    #[test]
    fn shared_link_keys_make_hardlink_groups() {
        let tree = tree_with_links(
            Path::new("/"),
            vec![
                (file("z", 3), Some((1, 7))),
                (file("m", 3), Some((1, 7))),
                (file("alone", 3), Some((1, 8))),
                (file("plain", 3), None),
            ],
        );
        let groups: Vec<Option<usize>> = tree
            .entries()
            .iter()
            .map(|entry| match entry.kind {
                EntryKind::Regular { hardlink_group, .. } => hardlink_group,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(names(&tree), ["alone", "m", "plain", "z"]);
        assert_eq!(groups, [None, Some(1), None, Some(1)]);
    }

    #[test]
    fn a_tree_is_checked() {
        let problem = |entries: Vec<Entry>| match Tree::new(
            Origin::Archive("in.tar".into()),
            entries.into_iter().map(|entry| (entry, None)).collect(),
        ) {
            Err(Error::Entry { entry, problem, .. }) => (entry, problem),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            problem(vec![file("a", 0), file("a", 1)]),
            ("a".into(), EntryProblem::Duplicate)
        );
        assert_eq!(
            problem(vec![directory("a"), file("a/b/c", 0)]),
            ("a/b/c".into(), EntryProblem::MissingParent)
        );
        assert_eq!(
            problem(vec![file("a", 0), file("a/b", 0)]),
            ("a/b".into(), EntryProblem::ParentNotDirectory)
        );
        assert_eq!(
            problem(vec![directory("d"), file("d/.wh.x", 0)]),
            ("d/.wh.x".into(), EntryProblem::WhiteoutName)
        );
    }

    #[test]
    fn lookups_follow_directory_links_inside_the_tree() {
        let tree = tree(
            Path::new("/"),
            vec![
                symlink("bin", "usr/bin"),
                directory("usr"),
                directory("usr/bin"),
                file("usr/bin/ls", 0),
                symlink("usr/bin/sh", "dash"),
                symlink("lib", "/usr/lib"),
                directory("usr/lib"),
                file("usr/lib/libc.so", 0),
                symlink("usr/lib64", "../lib"),
                symlink("loop", "loop"),
                file("etc", 0),
            ],
        );
        let found = |text: &str| {
            tree.find_through_links(&path(text))
                .map(|index| tree.entries()[index].path.to_string())
        };
        assert_eq!(found("bin/ls").as_deref(), Some("usr/bin/ls"));
        assert_eq!(
            found("bin/sh").as_deref(),
            Some("usr/bin/sh"),
            "the last component is not followed"
        );
        assert_eq!(found("lib/libc.so").as_deref(), Some("usr/lib/libc.so"));
        assert_eq!(
            found("usr/lib64/libc.so").as_deref(),
            Some("usr/lib/libc.so")
        );
        assert_eq!(found("bin").as_deref(), Some("bin"));
        assert_eq!(found("loop/x"), None);
        assert_eq!(found("etc/x"), None);
        assert_eq!(found("missing/x"), None);
    }
}
